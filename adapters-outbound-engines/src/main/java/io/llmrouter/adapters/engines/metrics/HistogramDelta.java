package io.llmrouter.adapters.engines.metrics;

/**
 * The mean of what was observed between two scrapes of one pod, from two cumulative totals: a
 * histogram's {@code _sum} and {@code _count} (mean latency), or a pair of counters such as prefix
 * hits and queries (hit rate).
 *
 * <p>Rules, in order ({@link #next}):
 * <ol>
 * <li>The totals are missing from this scrape ({@code NaN}): unknown ({@code NaN}), and the next
 *     scrape starts over.</li>
 * <li>First scrape of the pod: unknown ({@code NaN}). Everything observed since the engine started
 *     is not "the last interval", and reporting 0 would read as "instant".</li>
 * <li>Either total went down: the engine restarted (a counter reset), so the current totals are
 *     the interval: {@code sum / count}.</li>
 * <li>No new observations ({@code Δcount = 0}, or a reset with {@code count = 0}): the previous mean
 *     is kept, as Kthena does ("zero values don't overwrite"); an idle pod keeps its last known
 *     latency rather than looking unknown or instant. It stays {@code NaN} until a first
 *     interval with observations.</li>
 * <li>Otherwise {@code Δsum / Δcount}.</li>
 * </ol>
 *
 * @param sum   the cumulative numerator last seen ({@code NaN} before the first scrape)
 * @param count the cumulative denominator last seen ({@code NaN} before the first scrape)
 * @param mean  the mean derived at that scrape ({@code NaN} unknown)
 */
public record HistogramDelta(double sum, double count, double mean) {

    /** Nothing seen yet for this pod and signal. */
    public static final HistogramDelta NONE = new HistogramDelta(Double.NaN, Double.NaN, Double.NaN);

    /** The state after a scrape that read these cumulative totals; its {@link #mean()} is the result. */
    public HistogramDelta next(double currentSum, double currentCount) {
        if (Double.isNaN(currentSum) || Double.isNaN(currentCount)) {
            return NONE;
        }
        if (Double.isNaN(count)) {
            return new HistogramDelta(currentSum, currentCount, Double.NaN);
        }
        boolean reset = currentCount < count || currentSum < sum;
        double newSum = reset ? currentSum : currentSum - sum;
        double newCount = reset ? currentCount : currentCount - count;
        double newMean = newCount > 0 ? newSum / newCount : mean;
        return new HistogramDelta(currentSum, currentCount, newMean);
    }
}
