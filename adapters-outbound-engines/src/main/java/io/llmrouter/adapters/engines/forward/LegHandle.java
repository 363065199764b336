package io.llmrouter.adapters.engines.forward;

import io.helidon.webclient.api.TcpClientConnection;

/**
 * The engine connection of one leg, so that another thread can cancel the leg (SGLang: a failed
 * decode cancels its prefill, a failed prefill its decode). Closing the connection is what stops
 * an engine; a cancel that comes before the connection exists closes it as soon as it is attached.
 */
final class LegHandle {

    /** Written by the leg's thread, read by the canceller: volatile is the whole protocol. */
    private volatile TcpClientConnection connection;
    private volatile boolean cancelled;

    void attach(TcpClientConnection c) {
        connection = c;
        if (cancelled) {
            c.closeResource();
        }
    }

    TcpClientConnection connection() {
        return connection;
    }

    void cancel() {
        cancelled = true;
        TcpClientConnection c = connection;
        if (c != null) {
            c.closeResource();
        }
    }

    boolean cancelled() {
        return cancelled;
    }
}
