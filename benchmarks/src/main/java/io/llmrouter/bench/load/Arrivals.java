package io.llmrouter.bench.load;

import java.util.SplittableRandom;

/**
 * Send times, in nanoseconds after the start: a Poisson process (exponential gaps of mean
 * 1 / rate, as bench_serving draws them), or everything at t = 0 when the rate is infinite.
 */
public final class Arrivals {

    private Arrivals() {
    }

    public static long[] schedule(int count, double requestRate, long seed) {
        if (!(requestRate > 0)) {
            throw new IllegalArgumentException("'requestRate' must be > 0 (or Infinity), got " + requestRate);
        }
        long[] offsets = new long[count];
        if (Double.isInfinite(requestRate)) {
            return offsets;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double t = 0;
        for (int i = 0; i < count; i++) {
            offsets[i] = (long) (t * 1e9);
            // inverse CDF of the exponential distribution; 1 - u is in (0, 1], so the log is finite
            t += -Math.log(1.0 - random.nextDouble()) / requestRate;
        }
        return offsets;
    }
}
