package io.llmrouter.adapters.engines.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses Prometheus text exposition (format 0.0.4, as prometheus_client, Rust's
 * metrics-exporter-prometheus and Go's client write it), tolerant of OpenMetrics text.
 *
 * <p>Accepted: {@code # HELP} (escapes {@code \\} and {@code \n}), {@code # TYPE}, other comments
 * (ignored), blank lines, CRLF line ends, metric names with colons, labels in any order with blanks
 * around tokens and a trailing comma, label values with the escapes {@code \\}, {@code \"} and
 * {@code \n}, values as Go's {@code ParseFloat} reads them ({@code +Inf}, {@code -Inf}, {@code NaN},
 * scientific notation), an optional timestamp, OpenMetrics exemplars (ignored) and {@code # EOF}
 * (the end: nothing after it is read).
 *
 * <p>{@code <x>_created} samples are dropped when {@code x} is a counter, histogram or summary:
 * prometheus_client writes them (in 0.0.4 as a separate gauge family) and they are creation
 * times, not values. A gauge that merely ends in {@code _created} is kept.
 *
 * <p>Rejected with a {@link MetricsParseException} naming the line: a bad name, an unknown escape,
 * an unterminated label value, a duplicate label, a value or timestamp that is not a number (Java
 * spellings such as {@code 1.0d} or {@code 0x10} included), text after the timestamp, an unknown
 * or conflicting {@code # TYPE}. Prometheus 3's quoted UTF-8 names are an opt-in format no engine
 * serves, so they are rejected too, by name.
 */
public final class PrometheusTextParser {

    /*
     * One pass over the body's bytes, one line at a time, with a hand-written cursor (LineParser): no
     * regex, no split and no String of the whole body, so a 300-line vLLM exposition costs a few
     * hundred small objects (a Sample and a label map per line). Samples are grouped by name in a LinkedHashMap; _created samples are
     * dropped at the end, when every # TYPE line has been seen.
     */

    private PrometheusTextParser() {
    }

    /** Parses text already in memory (tests, tools); the scraper hands over the body's bytes instead. */
    public static MetricFamilies parse(String text) throws MetricsParseException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, bytes.length);
    }

    /**
     * Parses the first {@code length} bytes of {@code body}, UTF-8, without copying them into a String.
     * Throws nothing but {@link MetricsParseException} for any content; the work is linear in
     * {@code length}.
     */
    public static MetricFamilies parse(byte[] body, int length) throws MetricsParseException {
        Objects.checkFromIndexSize(0, length, body.length);
        Families families = new Families();
        int start = 0;
        int lineNumber = 0;
        while (start < length) {
            int end = start;
            while (end < length && body[end] != '\n') {
                end++;
            }
            lineNumber++;
            int contentEnd = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (!new LineParser(body, start, contentEnd, lineNumber).parseInto(families)) {
                break;
            }
            start = end + 1;
        }
        return families.build();
    }

    /** What the lines add up to, before the {@code _created} clean-up. */
    static final class Families {
        private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
        private final Map<String, MetricType> types = new HashMap<>();
        private final Map<String, String> help = new HashMap<>();

        void add(Sample sample) {
            samples.computeIfAbsent(sample.name(), name -> new ArrayList<>()).add(sample);
        }

        /** Returns the type already declared for the family if it differs, else null. */
        MetricType declare(String family, MetricType type) {
            MetricType previous = types.putIfAbsent(family, type);
            return previous == null || previous == type ? null : previous;
        }

        void help(String family, String text) {
            help.putIfAbsent(family, text);
        }

        MetricFamilies build() {
            List<String> created = new ArrayList<>();
            for (String name : samples.keySet()) {
                if (name.endsWith("_created") && isCreationTime(name.substring(0, name.length() - "_created".length()))) {
                    created.add(name);
                }
            }
            created.forEach(samples::remove);
            return new MetricFamilies(samples, types, help);
        }

        /** prometheus_client names the TYPE of a counter {@code x_total} but its created sample {@code x_created}. */
        private boolean isCreationTime(String base) {
            MetricType type = types.getOrDefault(base, types.get(base + "_total"));
            if (type != null) {
                return type.hasCreatedSample();
            }
            return samples.containsKey(base + "_total") || samples.containsKey(base + "_count");
        }
    }
}
