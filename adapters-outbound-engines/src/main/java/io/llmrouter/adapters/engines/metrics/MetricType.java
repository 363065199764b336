package io.llmrouter.adapters.engines.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The metric types a {@code # TYPE} line may name (text format 0.0.4 plus OpenMetrics' additions). */
public enum MetricType {
    COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED, GAUGEHISTOGRAM, STATESET, INFO;

    /** {@code unknown} is OpenMetrics' spelling of {@code untyped}. */
    static Optional<MetricType> fromText(String text) {
        if ("unknown".equals(text)) {
            return Optional.of(UNTYPED);
        }
        return Arrays.stream(values()).filter(t -> t.name().toLowerCase(Locale.ROOT).equals(text)).findFirst();
    }

    static String allowedValues() {
        return Arrays.stream(values()).map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                + ", unknown";
    }

    /** Types whose {@code <name>_created} sample is a creation time, not a value of its own. */
    boolean hasCreatedSample() {
        return this == COUNTER || this == HISTOGRAM || this == SUMMARY || this == GAUGEHISTOGRAM;
    }
}
