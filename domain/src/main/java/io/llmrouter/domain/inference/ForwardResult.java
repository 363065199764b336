package io.llmrouter.domain.inference;

import java.util.List;

/** What became of one attempt to forward a request to an engine pod. */
public sealed interface ForwardResult {

    /** Whether nothing reached the client, so another pod may still be tried. */
    default boolean retryable() {
        return false;
    }

    /**
     * The engine's response went to the client (any status, 4xx included, unchanged). {@code complete}
     * is false when the upstream stream broke after bytes were sent; the client then got an error event.
     * {@code usage} is what the engine reported in the answer, if anything.
     */
    record Relayed(int status, boolean complete, TokenUsage usage) implements ForwardResult {
        public Relayed {
            java.util.Objects.requireNonNull(usage, "'usage' must not be null");
        }

        public Relayed(int status, boolean complete) {
            this(status, complete, TokenUsage.UNKNOWN);
        }
    }

    /** No connection, or it broke before a response arrived. Nothing was sent to the client. */
    record ConnectFailed(String reason) implements ForwardResult {
        @Override
        public boolean retryable() {
            return true;
        }
    }

    /**
     * The engine answered 5xx; held back (not relayed) so that another pod can be tried. {@code body}
     * is what was held: the gateway keeps a bounded prefix (a longer engine body is cut at its cap
     * and relayed cut). Because the held bytes are relayed as one whole later, their framing belongs
     * to whoever relays them: {@code headers} never carry the engine's {@code Content-Length} or
     * {@code Transfer-Encoding}, which described the engine's body, not this one.
     */
    record ServerError(int status, List<Header> headers, byte[] body) implements ForwardResult {
        public ServerError {
            java.util.Objects.requireNonNull(body, "'body' must not be null");
            headers = headers.stream().filter(h -> !h.is("content-length") && !h.is("transfer-encoding")).toList();
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /**
     * No response headers within the timeout; the upstream request was abandoned (its connection
     * closed, which makes the engine stop). Nothing reached the client, so another pod may be tried,
     * as for a refused connection: a pod that hangs must not cost the request.
     */
    record TimedOut(String reason) implements ForwardResult {
        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** The router ended the attempt itself, because it is shutting down; nothing more is tried. */
    record ShutDown(String reason) implements ForwardResult {
    }

    /** The client went away; the upstream request was cancelled. */
    record ClientGone() implements ForwardResult {
    }
}
