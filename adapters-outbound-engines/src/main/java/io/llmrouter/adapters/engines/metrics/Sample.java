package io.llmrouter.adapters.engines.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One exposition line: the sample's own name (with {@code _bucket}, {@code _sum}, {@code _count} or
 * {@code _total} as written), its labels (unescaped) and its value.
 *
 * @param name      sample name as written, colons included
 * @param labels    label name to unescaped value; immutable
 * @param value     the value; {@code +Inf}, {@code -Inf} and {@code NaN} are kept as such
 * @param timestamp the optional timestamp as written (milliseconds in text format 0.0.4, seconds in
 *                  OpenMetrics); {@code NaN} when absent
 */
public record Sample(String name, Map<String, String> labels, double value, double timestamp) {

    public Sample {
        requireNonNull(name, "'name' must not be null");
        labels = Map.copyOf(requireNonNull(labels, "'labels' must not be null"));
    }

    /** The label's value, or {@code null} when the sample has no such label. */
    public String label(String labelName) {
        return labels.get(labelName);
    }

    public boolean hasTimestamp() {
        return !Double.isNaN(timestamp);
    }
}
