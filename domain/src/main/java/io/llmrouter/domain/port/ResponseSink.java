package io.llmrouter.domain.port;

import io.llmrouter.domain.inference.Header;
import java.util.List;

/**
 * The client's side of a response, written by whoever relays the engine's answer. The first call
 * to {@link #start} commits the status and headers; from then on nothing can be retried.
 */
public interface ResponseSink {

    void start(int status, List<Header> headers);

    /** Adds a header of the router's own (e.g. the decision trace) to whatever response follows. */
    void header(String name, String value);

    /** Writes body bytes; throws {@link ClientGoneException} when the client has disconnected. */
    void write(byte[] buffer, int offset, int length);

    /** Pushes what was written so far to the client (after each streamed event). */
    void flush();

    boolean committed();

    /** The client disconnected while the router was writing to it. */
    final class ClientGoneException extends RuntimeException {
        public ClientGoneException(Throwable cause) {
            super("client disconnected", cause, false, false);
        }
    }
}
