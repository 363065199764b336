package io.llmrouter.adapters.engines.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * What a translator keeps about one pod between two scrapes: one {@link HistogramDelta} per signal
 * ({@code "ttft"}, {@code "tpot"}, {@code "prefix"}, ...). Immutable; a scrape produces the next one.
 */
public record ScrapeMemory(Map<String, HistogramDelta> deltas) {

    /** A pod never scraped. */
    public static final ScrapeMemory EMPTY = new ScrapeMemory(Map.of());

    public ScrapeMemory {
        deltas = Map.copyOf(deltas);
    }

    public HistogramDelta get(String signal) {
        return deltas.getOrDefault(signal, HistogramDelta.NONE);
    }

    /** Starts the memory of the next scrape from this one. */
    public Updater update() {
        return new Updater(this);
    }

    /**
     * Collects one scrape's signals; signals not touched are not carried over (the metric vanished,
     * so its next appearance counts as a first scrape). Used by one thread for one translation.
     */
    public static final class Updater {
        private final ScrapeMemory previous;
        private final Map<String, HistogramDelta> next = new HashMap<>();

        private Updater(ScrapeMemory previous) {
            this.previous = previous;
        }

        /** The interval mean of a signal given its cumulative totals now ({@code NaN} if absent). */
        public double mean(String signal, double sum, double count) {
            HistogramDelta delta = previous.get(signal).next(sum, count);
            next.put(signal, delta);
            return delta.mean();
        }

        /** The interval mean of histogram {@code name}, from its {@code _sum} and {@code _count} over all series. */
        public double histogramMean(String signal, MetricFamilies families, String name) {
            return mean(signal, families.sum(name + "_sum"), families.sum(name + "_count"));
        }

        public ScrapeMemory build() {
            return new ScrapeMemory(next);
        }
    }
}
