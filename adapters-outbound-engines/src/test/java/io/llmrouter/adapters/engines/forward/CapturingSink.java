package io.llmrouter.adapters.engines.forward;

import io.llmrouter.domain.inference.Header;
import io.llmrouter.domain.port.ResponseSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Collects what a relay wrote to the client. */
final class CapturingSink implements ResponseSink {

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override
    public void start(int status, List<Header> headers) {
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
        return true;
    }

    String text() {
        return body.toString(StandardCharsets.UTF_8);
    }
}
