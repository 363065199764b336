package io.llmrouter.adapters.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.domain.inference.Header;
import io.llmrouter.domain.port.ResponseSink;
import io.llmrouter.domain.port.Ticker;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The client's response as a {@link ResponseSink}: status and headers on {@link #start}, then the
 * body through Helidon's output stream. A failed write means the client is gone. Notes when the
 * response started and when its first body byte went out, for the request's timing breakdown.
 */
final class HelidonResponseSink implements ResponseSink {

    private final ServerResponse response;
    private final String requestId;
    private final Ticker ticker;
    private final ClientConnectionWatch.Watch watch;
    private final StalledWrites stalledWrites;
    private StalledWrites.Writer writer;
    private OutputStream out;
    private int status;
    private long startedNanos;
    private long firstByteNanos;

    HelidonResponseSink(ServerResponse response, String requestId) {
        this(response, requestId, Ticker.disabled());
    }

    HelidonResponseSink(ServerResponse response, String requestId, Ticker ticker) {
        this(response, requestId, ticker, ClientConnectionWatch.Watch.NONE);
    }

    /** {@code watch} sees the client leave while nothing is written yet; it is closed before the response starts. */
    HelidonResponseSink(ServerResponse response, String requestId, Ticker ticker, ClientConnectionWatch.Watch watch) {
        this(response, requestId, ticker, watch, null);
    }

    /** {@code stalledWrites}: disconnects the client if a write blocks past its timeout; null for none. */
    HelidonResponseSink(ServerResponse response, String requestId, Ticker ticker, ClientConnectionWatch.Watch watch,
                        StalledWrites stalledWrites) {
        this.stalledWrites = stalledWrites;
        this.response = response;
        this.requestId = requestId;
        this.ticker = ticker;
        this.watch = watch;
    }

    @Override
    public void start(int status, List<Header> headers) {
        if (out != null) {
            throw new IllegalStateException("response already started");
        }
        watch.close(); // the connection must be back in blocking mode before Helidon writes to it
        this.status = status;
        this.startedNanos = ticker.nanos();
        response.status(status);
        for (Header h : headers) {
            if (!h.is("x-request-id")) {
                // add, not header(): a relayed name may repeat (Set-Cookie, Vary), and each value counts.
                response.headers().add(HeaderNames.create(h.name()), h.value());
            }
        }
        response.header(RequestIds.HEADER, requestId);
        try {
            out = response.outputStream();
        } catch (RuntimeException e) {
            throw new ClientGoneException(e);
        }
        if (stalledWrites != null) {
            writer = stalledWrites.writer();
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
        if (firstByteNanos == 0 && length > 0) {
            firstByteNanos = ticker.nanos();
        }
        writing();
        try {
            out.write(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            // Helidon reports a dead client as an unchecked connection exception, not an IOException.
            throw new ClientGoneException(e);
        } finally {
            written();
        }
    }

    @Override
    public void flush() {
        writing();
        try {
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw new ClientGoneException(e);
        } finally {
            written();
        }
    }

    private void writing() {
        if (writer != null) {
            writer.writing();
        }
    }

    private void written() {
        if (writer != null && writer.done()) {
            throw new ClientGoneException(new IOException("the client read nothing for "
                    + stalledWrites.timeout().toMillis() + " ms (limits.clientWriteTimeout)"));
        }
    }

    @Override
    public Registration onClientGone(Runnable onGone) {
        return out == null ? watch.onGone(onGone) : Registration.NONE;
    }

    @Override
    public boolean clientGone() {
        return watch.gone();
    }

    @Override
    public boolean committed() {
        return out != null;
    }

    int status() {
        return status;
    }

    /** When {@link #start} ran, on the ticker; 0 if it did not. */
    long startedNanos() {
        return startedNanos;
    }

    /** When the first body byte was written, on the ticker; 0 if none was. */
    long firstByteNanos() {
        return firstByteNanos;
    }

    /** Ends the body normally; a client that left meanwhile is not an error worth reporting. */
    void finish() {
        if (out == null) {
            return;
        }
        writing();
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            // The client disconnected before the last bytes; nothing more to do for it.
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
    }

    /** Stops watching this response's writes, however it ended. */
    void release() {
        if (writer != null) {
            writer.close();
        }
    }
}
