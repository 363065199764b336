package io.llmrouter.adapters.engines.forward;

import io.llmrouter.domain.inference.Header;
import io.llmrouter.domain.inference.InferenceRequest;
import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.inference.RequestBody;
import io.llmrouter.domain.inference.StreamUsage;
import io.llmrouter.domain.inference.UpstreamCall;
import io.llmrouter.domain.port.ResponseSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Fixtures of the PD connector tests: requests over a body, and a client sink that counts starts. */
final class PdSinks {

    private PdSinks() {
    }

    /** A request whose body is {@code json}; {@code "model":"..."} locates the model value. */
    static InferenceRequest request(String path, String json, boolean stream) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int key = json.indexOf("\"model\":");
        int start = key + "\"model\":".length();
        int end = json.indexOf('"', start + 1) + 1;
        RequestBody body = new RequestBody(bytes, start, end, stream ? StreamUsage.CLIENT_ASKED : StreamUsage.NOT_STREAMED);
        return new InferenceRequest("req-1", path, "", "m", stream, List.of(new Header("authorization", "Bearer k")),
                body, PromptText.of(bytes), false, io.llmrouter.domain.trace.Span.NONE);
    }

    static UpstreamCall call(int port, InferenceRequest request) {
        return new UpstreamCall("127.0.0.1", port, request, Optional.empty(), Optional.empty());
    }

    /** The client: what it got, and how many times a response was started (a second start is the Kthena bug). */
    static final class Client implements ResponseSink {
        int status = -1;
        int starts;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        @Override
        public void start(int status, List<Header> headers) {
            this.status = status;
            starts++;
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            body.write(buffer, offset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public boolean committed() {
            return starts > 0;
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }
}
