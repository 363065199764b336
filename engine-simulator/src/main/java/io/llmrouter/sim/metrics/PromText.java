package io.llmrouter.sim.metrics;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes Prometheus text exposition the way Python's prometheus_client does (engines.md A.0):
 * labels sorted by name, values printed like Python floats ({@code 3.0}, {@code 0.0421},
 * {@code 1.7409872345e+09}), counters suffixed {@code _total}.
 */
public final class PromText {

    private final StringBuilder out;

    public PromText(StringBuilder out) {
        this.out = out;
    }

    public PromText header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample; {@code labels} are printed sorted by name whatever map is passed. */
    public PromText sample(String name, Map<String, String> labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(pythonFloat(value)).append('\n');
        return this;
    }

    /** A histogram's buckets (cumulative, with {@code +Inf}), then {@code _count} and {@code _sum}. */
    public PromText histogram(String name, Map<String, String> labels, Histogram histogram) {
        long cumulative = 0;
        double[] bounds = histogram.bounds();
        long[] counts = histogram.counts();
        for (int i = 0; i <= bounds.length; i++) {
            cumulative += counts[i];
            Map<String, String> withLe = new TreeMap<>(labels);
            withLe.put("le", i == bounds.length ? "+Inf" : pythonFloat(bounds[i]));
            sample(name + "_bucket", withLe, cumulative);
        }
        sample(name + "_count", labels, cumulative);
        sample(name + "_sum", labels, histogram.sum());
        return this;
    }

    /**
     * Python's {@code repr(float)} with prometheus_client's {@code floatToGoString} twist: plain
     * digits with at least one decimal, but numbers with more than 6 digits before the point in
     * exponent form ({@code 1740987234.5} is printed {@code 1.7409872345e+09}).
     */
    public static String pythonFloat(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return "0.0";
        }
        String plain = new BigDecimal(Double.toString(value)).toPlainString();
        if (plain.indexOf('.') < 0) {
            plain = plain + ".0";
        }
        boolean negative = plain.startsWith("-");
        String digits = negative ? plain.substring(1) : plain;
        int dot = digits.indexOf('.');
        if (!negative && dot > 6) {
            String mantissa = stripZerosAndDot(digits.charAt(0) + "." + digits.substring(1, dot) + digits.substring(dot + 1));
            return mantissa + "e+0" + (dot - 1);
        }
        if (Math.abs(value) < 1e-4) {
            return pythonExponent(value);
        }
        return plain;
    }

    /** Python prints |x| < 1e-4 as shortest digits with a two-digit exponent: 5e-05, 1.25e-07. */
    private static String pythonExponent(double value) {
        BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (value < 0 ? "-" : "") + mantissa + "e-" + String.format("%02d", -exponent);
    }

    private static String stripZerosAndDot(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '0' || s.charAt(end - 1) == '.')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
