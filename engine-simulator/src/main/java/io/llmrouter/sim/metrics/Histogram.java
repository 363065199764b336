package io.llmrouter.sim.metrics;

import java.util.Arrays;

/**
 * A fixed-bucket histogram. Not thread-safe: engine observers update it under the engine lock and
 * {@code /metrics} renders it under the same lock.
 */
public final class Histogram {

    private final double[] bounds;
    private final long[] counts;
    private double sum;

    public Histogram(double... bounds) {
        this.bounds = bounds.clone();
        this.counts = new long[bounds.length + 1];
    }

    public void observe(double value) {
        int i = Arrays.binarySearch(bounds, value);
        counts[i >= 0 ? i : -i - 1]++;
        sum += value;
    }

    double[] bounds() {
        return bounds;
    }

    /** Non-cumulative counts; the last slot is the +Inf overflow. */
    long[] counts() {
        return counts;
    }

    public double sum() {
        return sum;
    }

    public long count() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    /** Buckets 1, 2, 5, 10, 20, 50, ... up to {@code max} (vLLM's build_1_2_5_buckets). */
    public static double[] oneTwoFive(int max) {
        double[] out = new double[64];
        int n = 0;
        for (long mantissa = 1; ; mantissa *= 10) {
            for (int step : new int[] {1, 2, 5}) {
                long value = mantissa * step;
                if (value > max) {
                    return Arrays.copyOf(out, n);
                }
                out[n++] = value;
            }
        }
    }

    /** {@code count} buckets start x factor^k for k = 1..count (TGI's duration buckets). */
    public static double[] geometric(double start, double factor, int count) {
        double[] out = new double[count];
        for (int k = 1; k <= count; k++) {
            out[k - 1] = start * Math.pow(factor, k);
        }
        return out;
    }

    /** {@code count} equal steps up to {@code max}. */
    public static double[] linear(double max, int count) {
        double[] out = new double[count];
        for (int k = 1; k <= count; k++) {
            out[k - 1] = max * k / count;
        }
        return out;
    }
}
