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

    /**
     * Asks to be told when the client is seen to disconnect before the response starts, so the work
     * done for it (an engine generating the answer) can be stopped: {@code onGone} runs at most once,
     * possibly on another thread, or at once if the client is already known gone. Closing the result
     * withdraws it. A sink that cannot see disconnects never calls it.
     */
    default Registration onClientGone(Runnable onGone) {
        return Registration.NONE;
    }

    /** Whether the client is known to have disconnected. */
    default boolean clientGone() {
        return false;
    }

    /** Withdraws an {@link #onClientGone} request; idempotent. */
    @FunctionalInterface
    interface Registration extends AutoCloseable {
        Registration NONE = () -> { };

        @Override
        void close();
    }

    /** The client disconnected while the router was writing to it. */
    final class ClientGoneException extends RuntimeException {
        public ClientGoneException(Throwable cause) {
            super("client disconnected", cause, false, false);
        }
    }
}
