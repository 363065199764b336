package io.llmrouter.bench.load;

import java.time.Duration;
import java.util.Objects;

/**
 * How to send a workload.
 *
 * @param requestRate    Poisson arrival rate in requests per second; {@code Infinity} sends all at t = 0
 * @param maxConcurrency cap on requests in flight (bench_serving's semaphore); arrivals wait for a slot
 * @param seed           seed of the arrival process
 * @param maxDuration    stop sending new requests after this long (requests in flight still finish)
 * @param progress       draw a progress bar on stderr
 * @param timeScale      wall-to-model factor for the report (the simulator's speed-up), 1 otherwise
 */
public record LoadOptions(double requestRate, int maxConcurrency, long seed, Duration maxDuration, boolean progress,
                          double timeScale) {

    public LoadOptions {
        Objects.requireNonNull(maxDuration, "'maxDuration' must not be null");
        if (!(requestRate > 0) || maxConcurrency < 1 || !(timeScale > 0)) {
            throw new IllegalArgumentException("'requestRate' and 'timeScale' must be > 0 and 'maxConcurrency' >= 1");
        }
    }

    /** Whether a progress bar is wanted at all: {@code bin/bench} sets BENCH_PROGRESS=0 when stderr is not a terminal. */
    public static boolean progressWanted() {
        return !"0".equals(System.getenv("BENCH_PROGRESS"));
    }

    public static LoadOptions closedLoop(int concurrency, Duration maxDuration) {
        return new LoadOptions(Double.POSITIVE_INFINITY, concurrency, 1, maxDuration, false, 1);
    }
}
