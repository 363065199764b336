package io.llmrouter.adapters.k8s.manifest;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Kubernetes writes them ({@code metav1.Duration}, i.e. Go's {@code time.ParseDuration}):
 * a sequence of decimal numbers each with a unit, {@code "30s"}, {@code "1m30s"}, {@code "1.5h"},
 * {@code "100ms"}, {@code "-2s"}; units ns, us (or µs), ms, s, m, h. A bare {@code "0"} is allowed.
 *
 * <p>The range is Go's: whole nanoseconds within a signed 64-bit count, up to
 * {@value #LARGEST} either way. Go truncates a fraction of a nanosecond ({@code 1.5ns}); this class
 * refuses it instead, as a value nobody means. Every refusal is an {@link IllegalArgumentException}
 * whose message quotes the text, says what is wrong and ends with {@link #ALLOWED_FORM}.
 */
public final class GoDuration {

    /** How to write a duration; the end of every refusal's message. */
    public static final String ALLOWED_FORM =
            "write a number with a unit, e.g. 30s, 1m30s, 100ms or 1h (units: ns, us, ms, s, m, h)";

    /** {@code Long.MAX_VALUE} nanoseconds, as Go prints it. */
    static final String LARGEST = "2562047h47m16.854775807s";

    /** The longest timeout or interval the router takes: a socket timeout is an int of milliseconds. */
    public static final Duration LONGEST_WAIT = Duration.ofHours(596);

    private static final Pattern PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final BigDecimal MIN_NANOS = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /**
     * Parses the text (blanks around it ignored).
     *
     * @throws IllegalArgumentException for any text that is not a duration in range, never another
     *                                  exception; the message ends with {@link #ALLOWED_FORM}
     */
    public static Duration parse(String text) {
        requireNonNull(text, "'text' must not be null");
        String t = text.trim();
        boolean negative = t.startsWith("-");
        String body = negative || t.startsWith("+") ? t.substring(1) : t;
        if (body.equals("0")) {
            return Duration.ZERO;
        }
        if (body.isEmpty()) {
            throw invalid(text, "is not a duration");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(body);
        int at = 0;
        while (at < body.length()) {
            m.region(at, body.length());
            if (!m.lookingAt() || m.group(1).isEmpty() || m.group(1).equals(".")) {
                throw invalid(text, "is not a duration");
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
            at = m.end();
            // Checked per part so that a long run of parts cannot grow the sum without bound.
            if (nanos.compareTo(MAX_NANOS.add(BigDecimal.ONE)) > 0) {
                throw invalid(text, "is longer than the largest duration, " + LARGEST);
            }
        }
        if (negative) {
            nanos = nanos.negate();
        }
        if (nanos.signum() != 0 && nanos.stripTrailingZeros().scale() > 0) {
            throw invalid(text, "has a fraction of a nanosecond, the smallest step");
        }
        if (nanos.compareTo(MIN_NANOS) < 0 || nanos.compareTo(MAX_NANOS) > 0) {
            throw invalid(text, "is longer than the largest duration, " + LARGEST);
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    /**
     * Parses a duration the router waits for (a timeout, an interval): {@code 0} to {@link #LONGEST_WAIT}.
     * The bound is the socket's: a timeout is set as a whole number of milliseconds in an {@code int}, so
     * a longer one would wrap around.
     *
     * @throws IllegalArgumentException as {@link #parse}, or for a negative or longer duration
     */
    public static Duration parseWait(String text) {
        Duration d = parse(text);
        if (d.isNegative()) {
            throw invalid(text, "is negative, and a wait cannot be");
        }
        if (d.compareTo(LONGEST_WAIT) > 0) {
            throw invalid(text, "is longer than " + format(LONGEST_WAIT) + ", the longest wait the router can set");
        }
        return d;
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

    private static IllegalArgumentException invalid(String text, String problem) {
        String shown = text.length() <= 64 ? text : text.substring(0, 64) + "...";
        return new IllegalArgumentException("'" + shown + "' " + problem + "; " + ALLOWED_FORM);
    }
}
