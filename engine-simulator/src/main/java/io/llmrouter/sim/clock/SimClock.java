package io.llmrouter.sim.clock;

import java.time.Duration;

/**
 * The only source of time for the simulator: engine code never reads the system clock directly,
 * so the same engine core runs in real time (HTTP servers) and in virtual time (discrete events).
 *
 * <p>Times are nanoseconds of <em>simulated</em> time since an arbitrary origin. With a speed-up
 * factor the real clock advances simulated time faster than the wall clock.
 */
public interface SimClock {

    /** Simulated nanoseconds since this clock's origin; monotonic. */
    long nowNanos();

    /** Wall-clock Unix seconds, used only where engines publish timestamps (e.g. {@code created}). */
    double unixSeconds();

    /**
     * Blocks the calling thread for a simulated duration. A virtual clock cannot sleep (nothing
     * would advance it), so it throws; virtual-time code schedules events instead.
     */
    void sleep(Duration simulated) throws InterruptedException;

    /**
     * Blocks for a wall-clock duration, ignoring any speed-up: for delays that belong to the
     * wire rather than the model (injected latency spikes, slow {@code /metrics}).
     */
    void sleepWall(Duration wall) throws InterruptedException;
}
