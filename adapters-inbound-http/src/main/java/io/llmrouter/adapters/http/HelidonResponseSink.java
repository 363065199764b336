package io.llmrouter.adapters.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.domain.inference.Header;
import io.llmrouter.domain.port.ResponseSink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The client's response as a {@link ResponseSink}: status and headers on {@link #start}, then the
 * body through Helidon's output stream. A failed write means the client is gone.
 */
final class HelidonResponseSink implements ResponseSink {

    private final ServerResponse response;
    private final String requestId;
    private OutputStream out;

    HelidonResponseSink(ServerResponse response, String requestId) {
        this.response = response;
        this.requestId = requestId;
    }

    @Override
    public void start(int status, List<Header> headers) {
        if (out != null) {
            throw new IllegalStateException("response already started");
        }
        response.status(status);
        for (Header h : headers) {
            if (!h.is("x-request-id")) {
                response.header(HeaderNames.create(h.name()), h.value());
            }
        }
        response.header(RequestIds.HEADER, requestId);
        try {
            out = response.outputStream();
        } catch (RuntimeException e) {
            throw new ClientGoneException(e);
        }
    }

    @Override
    public void header(String name, String value) {
        if (out == null) {
            response.header(HeaderNames.create(name), value);
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        try {
            out.write(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            // Helidon reports a dead client as an unchecked connection exception, not an IOException.
            throw new ClientGoneException(e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw new ClientGoneException(e);
        }
    }

    @Override
    public boolean committed() {
        return out != null;
    }

    /** Ends the body normally; a client that left meanwhile is not an error worth reporting. */
    void finish() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            // The client disconnected before the last bytes; nothing more to do for it.
        }
    }
}
