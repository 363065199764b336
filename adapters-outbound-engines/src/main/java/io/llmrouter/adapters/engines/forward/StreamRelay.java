package io.llmrouter.adapters.engines.forward;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.helidon.webclient.api.HttpClientResponse;
import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.inference.Header;
import io.llmrouter.domain.port.ResponseSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * Copies one engine response to the client as it arrives: whatever one read returns is written
 * and flushed at once, so SSE events reach the client when the engine emits them, never buffered
 * whole. If the client goes away, the upstream response is closed unread, which closes its
 * connection and so cancels the request on the engine.
 *
 * <p>Token usage is read on the way: from the SSE {@code data:} lines of a stream
 * ({@link SseUsageTap}, which relays whole events and hides the usage chunk the router asked for
 * on the client's behalf), or from the tail of any other body ({@link JsonUsageTail}), relayed
 * byte for byte.
 */
final class StreamRelay {

    private final HttpClientResponse response;
    private final ResponseSink sink;
    private final SseUsageTap sse;
    private final JsonUsageTail json;
    private final Supplier<String> shutdownReason;
    private final boolean expectDone;

    /**
     * {@code eventStream}: relay event by event (an SSE answer to a streaming request);
     * {@code hideUsageChunk}: the router asked for usage on the client's behalf, so the client must not see it.
     */
    StreamRelay(HttpClientResponse response, ResponseSink sink, boolean eventStream, boolean hideUsageChunk) {
        this(response, sink, eventStream, hideUsageChunk, false, () -> null);
    }

    /**
     * {@code expectDone}: a whole stream of this request ends with {@code data: [DONE]}
     * ({@link io.llmrouter.domain.inference.ApiPath#streamEndsWithDone}), so one that ends without it
     * was cut; {@code shutdownReason}: why the router cut the engine connection, or null when it did not.
     */
    StreamRelay(HttpClientResponse response, ResponseSink sink, boolean eventStream, boolean hideUsageChunk,
                boolean expectDone, Supplier<String> shutdownReason) {
        this.shutdownReason = shutdownReason;
        this.expectDone = expectDone;
        this.response = response;
        this.sink = sink;
        this.sse = eventStream ? new SseUsageTap(hideUsageChunk) : null;
        this.json = eventStream ? null : new JsonUsageTail();
    }

    ForwardResult relay(int status, List<Header> headers) {
        try {
            sink.start(status, headers);
        } catch (ResponseSink.ClientGoneException e) {
            return new ForwardResult.ClientGone();
        }
        byte[] buffer = new byte[HelidonEngineGateway.relayBufferSize()];
        try (InputStream in = response.inputStream()) {
            int n;
            while ((n = read(in, buffer)) >= 0) {
                write(buffer, n);
                sink.flush();
            }
            if (sse != null) {
                sse.end(sink);
                if (expectDone && !sse.sawDone()) {
                    // An engine that stops (a restart, a crash behind a proxy) may end the chunked body
                    // cleanly: without [DONE] the client could not tell the cut from a finished answer.
                    return brokenUpstream(status, new IOException("the engine ended the stream without [DONE]"));
                }
            }
            return new ForwardResult.Relayed(status, true, sse != null ? sse.usage() : json.usage());
        } catch (ResponseSink.ClientGoneException e) {
            return new ForwardResult.ClientGone();
        } catch (IOException | UncheckedIOException e) {
            return brokenUpstream(status, e);
        }
    }

    private void write(byte[] buffer, int n) {
        if (sse != null) {
            sse.relay(buffer, n, sink);
        } else {
            sink.write(buffer, 0, n);
            json.add(buffer, 0, n);
        }
    }

    /**
     * Helidon's client reports an engine connection that closed mid-chunk as an unchecked
     * {@code InsufficientDataAvailableException}, not an {@link IOException}; every failure of the
     * upstream read is an I/O failure of the engine here.
     */
    private static int read(InputStream in, byte[] buffer) throws IOException {
        try {
            return in.read(buffer);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw new IOException("reading the engine's response failed", e);
        }
    }

    /**
     * The engine's stream broke after the client got the headers. A streaming client gets an error
     * event (the shape vLLM itself uses mid-stream) so it can tell a cut from a finished answer, and
     * then {@code data: [DONE]}, so a client that reads to the end stops there as after any stream.
     * The tap relays whole events only, so the error event starts on an event boundary: a
     * half-received event is withheld, and the rare oversized event that was passed through in part
     * is ended with a blank line first. A stream that broke after its {@code [DONE]} was whole.
     */
    private ForwardResult brokenUpstream(int status, Exception cause) {
        if (sse == null) {
            return new ForwardResult.Relayed(status, false);
        }
        if (sse.sawDone()) {
            return new ForwardResult.Relayed(status, true, sse.usage());
        }
        String shutdown = shutdownReason.get();
        String message = shutdown != null ? shutdown : "the engine's stream broke: " + HelidonEngineGateway.describe(cause);
        String code = shutdown != null ? "router_shutting_down" : "upstream_stream_broken";
        String event = (sse.midEvent() ? "\n\n" : "")
                + "data: {\"error\":{\"message\":\""
                + new String(JsonStringEncoder.getInstance().quoteAsString(message))
                + "\",\"type\":\"server_error\",\"param\":null,\"code\":\"" + code + "\"}}\n\n"
                + "data: [DONE]\n\n";
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        try {
            sink.write(bytes, 0, bytes.length);
            sink.flush();
        } catch (ResponseSink.ClientGoneException e) {
            return new ForwardResult.ClientGone();
        }
        return new ForwardResult.Relayed(status, false, sse.usage());
    }
}
