package io.llmrouter.adapters.engines.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One parsed exposition, immutable: samples grouped by their own name (so a histogram
 * {@code x} is found as {@code x_bucket}, {@code x_sum} and {@code x_count}), plus the
 * {@code # TYPE} and {@code # HELP} metadata by family name.
 *
 * <p>Aggregates ({@link #sum}, {@link #max}) return {@code NaN} when no sample has the name, so a
 * missing metric reads as "unknown", never as 0.
 */
public final class MetricFamilies {

    private final Map<String, List<Sample>> samplesByName;
    private final Map<String, MetricType> types;
    private final Map<String, String> help;

    MetricFamilies(Map<String, List<Sample>> samplesByName, Map<String, MetricType> types, Map<String, String> help) {
        Map<String, List<Sample>> copy = new LinkedHashMap<>();
        samplesByName.forEach((name, samples) -> copy.put(name, List.copyOf(samples)));
        this.samplesByName = Map.copyOf(copy);
        this.types = Map.copyOf(types);
        this.help = Map.copyOf(help);
    }

    /** Every sample with this exact name, in exposition order; empty when none. */
    public List<Sample> samples(String name) {
        return samplesByName.getOrDefault(name, List.of());
    }

    /** The samples with this name whose label {@code labelName} equals {@code labelValue}. */
    public List<Sample> samples(String name, String labelName, String labelValue) {
        List<Sample> matching = new ArrayList<>();
        for (Sample sample : samples(name)) {
            if (labelValue.equals(sample.label(labelName))) {
                matching.add(sample);
            }
        }
        return matching;
    }

    public boolean contains(String name) {
        return samplesByName.containsKey(name);
    }

    public Set<String> sampleNames() {
        return samplesByName.keySet();
    }

    /** Total number of samples kept. */
    public int size() {
        return samplesByName.values().stream().mapToInt(List::size).sum();
    }

    /** The type declared by {@code # TYPE family ...}. */
    public Optional<MetricType> type(String family) {
        return Optional.ofNullable(types.get(family));
    }

    /** The unescaped text of {@code # HELP family ...}. */
    public Optional<String> help(String family) {
        return Optional.ofNullable(help.get(family));
    }

    /** Sum over every series of the name; {@code NaN} when there is none. */
    public double sum(String name) {
        return sumOf(samples(name));
    }

    /** Largest value over every series of the name; {@code NaN} when there is none. */
    public double max(String name) {
        return maxOf(samples(name));
    }

    static double sumOf(List<Sample> samples) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        double total = 0;
        for (Sample sample : samples) {
            total += sample.value();
        }
        return total;
    }

    static double maxOf(List<Sample> samples) {
        double max = Double.NaN;
        for (Sample sample : samples) {
            if (Double.isNaN(max) || sample.value() > max) {
                max = sample.value();
            }
        }
        return max;
    }
}
