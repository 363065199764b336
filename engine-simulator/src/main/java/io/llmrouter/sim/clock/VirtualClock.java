package io.llmrouter.sim.clock;

import java.time.Duration;

/**
 * Simulated time that moves only when the discrete-event loop says so. Single-threaded by
 * design: the loop that owns it is the only writer and reader.
 */
public final class VirtualClock implements SimClock {

    /** Fixed epoch so reports that print timestamps are reproducible. */
    private static final double EPOCH_SECONDS = 1_767_225_600.0; // 2026-01-01T00:00:00Z

    private long nowNanos;

    @Override
    public long nowNanos() {
        return nowNanos;
    }

    @Override
    public double unixSeconds() {
        return EPOCH_SECONDS + nowNanos / 1e9;
    }

    /** Moves time forward to {@code nanos}; time never goes backwards. */
    public void advanceTo(long nanos) {
        if (nanos < nowNanos) {
            throw new IllegalArgumentException("virtual time cannot go back: " + nanos + " < " + nowNanos);
        }
        nowNanos = nanos;
    }

    @Override
    public void sleep(Duration simulated) {
        throw new UnsupportedOperationException("a virtual clock cannot block; schedule an event instead");
    }

    @Override
    public void sleepWall(Duration wall) {
        throw new UnsupportedOperationException("a virtual clock cannot block; schedule an event instead");
    }
}
