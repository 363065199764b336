package io.llmrouter.adapters.k8s.manifest;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Kubernetes writes them ({@code metav1.Duration}, i.e. Go's {@code time.ParseDuration}):
 * a sequence of decimal numbers each with a unit, {@code "30s"}, {@code "1m30s"}, {@code "1.5h"},
 * {@code "100ms"}, {@code "-2s"}; units ns, us (or µs), ms, s, m, h. A bare {@code "0"} is allowed.
 */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    /** Parses the text, or throws {@link IllegalArgumentException} saying what is wrong and what to write. */
    public static Duration parse(String text) {
        String t = text.trim();
        boolean negative = t.startsWith("-");
        String body = negative || t.startsWith("+") ? t.substring(1) : t;
        if (body.equals("0")) {
            return Duration.ZERO;
        }
        if (body.isEmpty()) {
            throw invalid(text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at || m.group(1).isEmpty() || m.group(1).equals(".")) {
                throw invalid(text);
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
            at = m.end();
        }
        Duration d = Duration.ofNanos(nanos.longValueExact());
        return negative ? d.negated() : d;
    }

    /** Writes a duration back in Go syntax, e.g. {@code 1m30s}, {@code 100ms}, for reports. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.toNanosPart() % 1_000_000 == 0 && d.getSeconds() == 0) {
            return d.toMillis() + "ms";
        }
        StringBuilder out = new StringBuilder();
        if (d.toHours() > 0) {
            out.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        long nanosOfMinute = d.toSecondsPart() * 1_000_000_000L + d.toNanosPart();
        if (nanosOfMinute > 0) {
            out.append(BigDecimal.valueOf(nanosOfMinute, 9).stripTrailingZeros().toPlainString()).append('s');
        }
        return out.toString();
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration; write a number with a unit,"
                + " e.g. 30s, 1m30s, 100ms or 1h (units: ns, us, ms, s, m, h)");
    }
}
