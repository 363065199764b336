package io.llmrouter.adapters.engines.forward;

import io.helidon.webclient.api.HttpClientResponse;
import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.inference.Header;
import io.llmrouter.domain.port.ResponseSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Copies one engine response to the client as it arrives: whatever one read returns is written
 * and flushed at once, so SSE events reach the client when the engine emits them, never buffered
 * whole. If the client goes away, the upstream response is closed unread, which closes its
 * connection and so cancels the request on the engine.
 */
final class StreamRelay {

    private final HttpClientResponse response;
    private final ResponseSink sink;
    private final boolean streaming;

    StreamRelay(HttpClientResponse response, ResponseSink sink, boolean streaming) {
        this.response = response;
        this.sink = sink;
        this.streaming = streaming;
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
                sink.write(buffer, 0, n);
                sink.flush();
            }
            return new ForwardResult.Relayed(status, true);
        } catch (ResponseSink.ClientGoneException e) {
            return new ForwardResult.ClientGone();
        } catch (IOException | UncheckedIOException e) {
            return brokenUpstream(status, e);
        }
    }

    private static int read(InputStream in, byte[] buffer) throws IOException {
        return in.read(buffer);
    }

    /**
     * The engine's stream broke after the client got the headers. A streaming client gets an error
     * event (the shape vLLM itself uses mid-stream) so it can tell a cut from a finished answer.
     */
    private ForwardResult brokenUpstream(int status, Exception cause) {
        if (streaming) {
            String event = "data: {\"error\":{\"message\":\"the engine's stream broke: "
                    + jsonSafe(HelidonEngineGateway.describe(cause))
                    + "\",\"type\":\"server_error\",\"param\":null,\"code\":\"upstream_stream_broken\"}}\n\n";
            byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            try {
                sink.write(bytes, 0, bytes.length);
                sink.flush();
            } catch (ResponseSink.ClientGoneException e) {
                return new ForwardResult.ClientGone();
            }
        }
        return new ForwardResult.Relayed(status, false);
    }

    private static String jsonSafe(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ");
    }
}
