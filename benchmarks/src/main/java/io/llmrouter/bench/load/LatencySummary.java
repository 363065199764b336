package io.llmrouter.bench.load;

import org.HdrHistogram.Histogram;

/**
 * Mean, standard deviation and percentiles of one latency series, in milliseconds. Values are
 * recorded in microseconds into an HdrHistogram with 3 significant digits, so every figure is within
 * 0.1 % of the exact one; the mean is kept exact from the raw sum.
 */
public record LatencySummary(long count, double meanMs, double stdMs, double medianMs, double p90Ms,
                             double p95Ms, double p99Ms, double maxMs) {

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0);

    /** Collects nanosecond samples; not thread-safe (fed after the run, from the outcomes). */
    public static final class Recorder {
        private final Histogram histogram = new Histogram(3);
        private double sumNanos;
        private double sumSquares;
        private long count;

        public void record(double nanos) {
            if (Double.isNaN(nanos) || nanos < 0) {
                return;
            }
            histogram.recordValue(Math.max(1L, Math.round(nanos / 1_000.0)));
            sumNanos += nanos;
            sumSquares += nanos * nanos;
            count++;
        }

        public LatencySummary summary() {
            if (count == 0) {
                return EMPTY;
            }
            double mean = sumNanos / count;
            double variance = Math.max(0, sumSquares / count - mean * mean);
            return new LatencySummary(count, mean / 1e6, Math.sqrt(variance) / 1e6, percentileMs(50), percentileMs(90),
                    percentileMs(95), percentileMs(99), histogram.getMaxValue() / 1e3);
        }

        private double percentileMs(double percentile) {
            return histogram.getValueAtPercentile(percentile) / 1e3;
        }
    }

    /** Every time multiplied by {@code factor}: simulated runs sped up X-fold report model time with factor X. */
    public LatencySummary scaled(double factor) {
        return new LatencySummary(count, meanMs * factor, stdMs * factor, medianMs * factor, p90Ms * factor,
                p95Ms * factor, p99Ms * factor, maxMs * factor);
    }
}
