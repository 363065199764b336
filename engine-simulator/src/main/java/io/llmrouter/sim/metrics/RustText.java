package io.llmrouter.sim.metrics;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Prometheus text as Rust's metrics-exporter-prometheus writes it: a TYPE line per name, no
 * HELP, numbers without a forced decimal point.
 */
final class RustText {

    private final StringBuilder out;
    private final Set<String> typed = new HashSet<>();

    RustText(StringBuilder out) {
        this.out = out;
    }

    void gauge(String name, double value) {
        type(name, "gauge");
        line(name, Map.of(), value);
    }

    void counter(String name, Map<String, String> labels, double value) {
        type(name, "counter");
        line(name, labels, value);
    }

    void histogram(String name, Map<String, String> labels, Histogram histogram) {
        type(name, "histogram");
        long cumulative = 0;
        double[] bounds = histogram.bounds();
        long[] counts = histogram.counts();
        for (int i = 0; i <= bounds.length; i++) {
            cumulative += counts[i];
            Map<String, String> withLe = new TreeMap<>(labels);
            withLe.put("le", i == bounds.length ? "+Inf" : number(bounds[i]));
            line(name + "_bucket", withLe, cumulative);
        }
        line(name + "_sum", labels, histogram.sum());
        line(name + "_count", labels, cumulative);
    }

    private void type(String name, String type) {
        if (typed.add(name)) {
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }
    }

    private void line(String name, Map<String, String> labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            StringBuilder joined = new StringBuilder();
            new TreeMap<>(labels).forEach((k, v) ->
                joined.append(joined.isEmpty() ? "" : ",").append(k).append("=\"").append(v).append('"'));
            out.append('{').append(joined).append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    static String number(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
