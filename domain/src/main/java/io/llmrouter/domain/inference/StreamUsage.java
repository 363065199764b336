package io.llmrouter.domain.inference;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The router's one rule for token usage on a streamed answer, decided once per request and read by
 * whoever edits the body and whoever relays the stream.
 *
 * <p>Budgets, fairness and metrics need every answer's token counts; a JSON answer always carries
 * them, but an OpenAI stream reports them only in a last usage-only chunk, and only when the request
 * says {@code stream_options.include_usage: true}. So the engine is asked for usage on every stream
 * (as Kthena does). When the client asked itself, nothing changes. When it did not, the router
 * edits the body to ask and keeps the usage-only chunk from the client, which would not expect it.
 * Where the edit goes in the JSON, and which chunk is the usage-only one, are the adapters'
 * business (they know the formats); whether to edit and whether to hide is decided only here.
 */
public record StreamUsage(Mode mode, Optional<ByteSplice> edit) {

    /** What the request asked for. */
    public enum Mode {
        /** Not a stream: the answer carries usage anyway. */
        NOT_STREAMED,
        /** A stream whose client asked for usage itself: it sees the usage chunk. */
        CLIENT_ASKED,
        /** A stream whose client did not: the router asks on its behalf and hides the chunk. */
        ROUTER_ASKS
    }

    public static final StreamUsage NOT_STREAMED = new StreamUsage(Mode.NOT_STREAMED, Optional.empty());
    public static final StreamUsage CLIENT_ASKED = new StreamUsage(Mode.CLIENT_ASKED, Optional.empty());

    public StreamUsage {
        requireNonNull(mode, "'mode' must not be null");
        requireNonNull(edit, "'edit' must not be null");
        if (edit.isPresent() != (mode == Mode.ROUTER_ASKS)) {
            throw new IllegalArgumentException("an edit to ask for usage exactly when the router asks, got " + mode
                    + (edit.isPresent() ? " with an edit" : " without one"));
        }
    }

    /**
     * The rule: {@code stream} whether the request streams, {@code clientAsked} whether it already
     * turns {@code include_usage} on, {@code askForUsage} the body edit that would (asked for only
     * when needed).
     */
    public static StreamUsage decide(boolean stream, boolean clientAsked, Supplier<ByteSplice> askForUsage) {
        if (!stream) {
            return NOT_STREAMED;
        }
        if (clientAsked) {
            return CLIENT_ASKED;
        }
        return new StreamUsage(Mode.ROUTER_ASKS, Optional.of(requireNonNull(askForUsage.get(), "'askForUsage' gave null")));
    }

    /** The edit that asks the engine for usage; empty when the body is to go as it is. */
    public Optional<ByteSplice> bodyEdit() {
        return edit;
    }

    /** Whether the engine's usage-only chunk must be kept from the client. */
    public boolean hideUsageChunk() {
        return mode == Mode.ROUTER_ASKS;
    }
}
