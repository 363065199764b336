package io.llmrouter.adapters.engines.metrics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A cursor over one line of Prometheus text, {@code [pos, end)} of the whole body's UTF-8 bytes; see
 * {@link PrometheusTextParser} for what is accepted. One instance per line, not thread-safe.
 *
 * <p>It reads bytes, not chars, so a scrape's body is never copied into a String as a whole: every
 * character with a meaning here (names, blanks, quotes, braces, escapes) is ASCII, and no byte of a
 * multi-byte UTF-8 sequence is, so only the pieces kept (names, label values, HELP text) are decoded.
 */
final class LineParser {

    /** Stands for "the line ended" after a backslash; never a byte value ({@link #at} yields 0..255). */
    private static final char END = '\uffff';

    private static final byte[] BACKSLASH = {'\\'};
    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] QUOTE = {'"'};
    private static final byte[] BACKSLASH_QUOTE = {'\\', '"'};

    private final byte[] text;
    private final int lineStart;
    private final int end;
    private final int lineNumber;
    private int pos;

    LineParser(byte[] text, int start, int end, int lineNumber) {
        this.text = text;
        this.lineStart = start;
        this.pos = start;
        this.end = end;
        this.lineNumber = lineNumber;
    }

    /** Adds what the line says to {@code families}; false at {@code # EOF}. */
    boolean parseInto(PrometheusTextParser.Families families) throws MetricsParseException {
        skipBlanks();
        if (pos == end) {
            return true;
        }
        if (at(pos) == '#') {
            pos++;
            return comment(families);
        }
        families.add(sample());
        return true;
    }

    private boolean comment(PrometheusTextParser.Families families) throws MetricsParseException {
        skipBlanks();
        String keyword = word();
        switch (keyword) {
            case "HELP" -> {
                String family = blankThenName();
                skipBlanks();
                families.help(family, unescapeHelp());
            }
            case "TYPE" -> type(families);
            case "EOF" -> {
                return false;
            }
            default -> {
                // Any other comment (and OpenMetrics' # UNIT) carries nothing the router reads.
            }
        }
        return true;
    }

    private void type(PrometheusTextParser.Families families) throws MetricsParseException {
        String family = blankThenName();
        skipBlanks();
        String typeText = word();
        MetricType type = MetricType.fromText(typeText)
                .orElseThrow(() -> error("unknown metric type '" + typeText + "' (allowed: "
                        + MetricType.allowedValues() + ")"));
        requireLineEnd();
        MetricType conflicting = families.declare(family, type);
        if (conflicting != null) {
            throw error("'" + family + "' was declared " + conflicting.name().toLowerCase(Locale.ROOT)
                    + " before, now " + typeText);
        }
    }

    private Sample sample() throws MetricsParseException {
        String name = metricName();
        int afterName = pos;
        skipBlanks();
        Map<String, String> labels = Map.of();
        if (pos < end && at(pos) == '{') {
            labels = labels();
            afterName = pos;
            skipBlanks();
        }
        if (pos == afterName && pos < end) {
            throw error("expected a blank before the value of '" + name + "'");
        }
        double value = number(word(), "value");
        skipBlanks();
        double timestamp = Double.NaN;
        if (pos < end && at(pos) != '#') {
            timestamp = number(word(), "timestamp");
            if (!Double.isFinite(timestamp)) {
                throw error("timestamp must be a finite number");
            }
            skipBlanks();
        }
        // An OpenMetrics exemplar (" # {trace_id=...} 0.5") may follow; the router has no use for it.
        if (pos < end && at(pos) != '#') {
            throw error("unexpected text after the value of '" + name + "'");
        }
        return new Sample(name, labels, value, timestamp);
    }

    private Map<String, String> labels() throws MetricsParseException {
        pos++;
        Map<String, String> labels = new HashMap<>(8);
        while (true) {
            skipBlanks();
            if (peek() == '}') {
                pos++;
                return labels;
            }
            String label = labelName();
            skipBlanks();
            expect('=', "after label name '" + label + "'");
            skipBlanks();
            expect('"', "to open the value of label '" + label + "'");
            if (labels.put(label, quotedRest(label)) != null) {
                throw error("duplicate label '" + label + "'");
            }
            skipBlanks();
            char next = peek();
            if (next == ',') {
                pos++;
            } else if (next != '}') {
                throw error("expected ',' or '}' after the value of label '" + label + "'");
            }
        }
    }

    /** The rest of a label value after its opening quote, unescaped, up to and past the closing quote. */
    private String quotedRest(String label) throws MetricsParseException {
        ByteArrayOutputStream value = null;
        int from = pos;
        while (pos < end) {
            char c = at(pos);
            if (c == '"') {
                if (value == null) {
                    return decode(from, pos++);
                }
                value.write(text, from, pos++ - from);
                return value.toString(StandardCharsets.UTF_8);
            }
            if (c == '\\') {
                value = value == null ? new ByteArrayOutputStream(pos - from + 16) : value;
                value.write(text, from, pos - from);
                value.writeBytes(escaped(pos + 1 < end ? at(pos + 1) : END, true));
                pos += 2;
                from = pos;
            } else {
                pos++;
            }
        }
        throw error("unterminated value of label '" + label + "'");
    }

    private String unescapeHelp() throws MetricsParseException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - pos);
        while (pos < end) {
            char c = at(pos++);
            if (c == '\\' && pos < end) {
                out.writeBytes(escaped(at(pos++), false));
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * {@code \\} and {@code \n} everywhere; {@code \"} in label values only; HELP keeps other
     * backslashes. Returns the bytes to write; {@code c} is a raw byte, ASCII when it matters.
     */
    private byte[] escaped(char c, boolean inLabel) throws MetricsParseException {
        return switch (c) {
            case '\\' -> BACKSLASH;
            case 'n' -> NEWLINE;
            case '"' -> inLabel ? QUOTE : BACKSLASH_QUOTE;
            default -> {
                if (inLabel) {
                    String shown = c == END ? "" : c >= 0x20 && c < 0x7f ? String.valueOf(c) : "<non-ASCII>";
                    throw error("invalid escape sequence '\\" + shown + "' in a label value (allowed: \\\\, \\\", \\n)");
                }
                yield new byte[] {'\\', (byte) c};
            }
        };
    }

    private String metricName() throws MetricsParseException {
        int from = pos;
        if (pos < end && (at(pos) == '{' || at(pos) == '"')) {
            throw error("quoted (UTF-8) metric names are not supported");
        }
        while (pos < end && isNameChar(at(pos), pos == from, true)) {
            pos++;
        }
        if (pos == from) {
            throw error("expected a metric name");
        }
        return decode(from, pos);
    }

    private String labelName() throws MetricsParseException {
        int from = pos;
        while (pos < end && isNameChar(at(pos), pos == from, false)) {
            pos++;
        }
        if (pos == from) {
            throw error(pos < end && at(pos) == '"'
                    ? "quoted (UTF-8) label names are not supported" : "expected a label name or '}'");
        }
        return decode(from, pos);
    }

    private String blankThenName() throws MetricsParseException {
        if (pos < end && !isBlank(at(pos))) {
            throw error("expected a blank after the keyword");
        }
        skipBlanks();
        return metricName();
    }

    private double number(String token, String what) throws MetricsParseException {
        if (token.isEmpty()) {
            throw error("missing " + what);
        }
        double special = NumberText.special(token);
        if (!Double.isNaN(special) || NumberText.isNaN(token)) {
            return special;
        }
        if (!NumberText.isDecimal(token)) {
            throw error(what + " '" + token + "' is not a number");
        }
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw error(what + " '" + token + "' is not a number");
        }
    }

    private String word() {
        int from = pos;
        while (pos < end && !isBlank(at(pos))) {
            pos++;
        }
        return decode(from, pos);
    }

    private void requireLineEnd() throws MetricsParseException {
        skipBlanks();
        if (pos < end) {
            throw error("unexpected text at the end of the line");
        }
    }

    private void expect(char c, String where) throws MetricsParseException {
        if (peek() != c) {
            throw error("expected '" + c + "' " + where);
        }
        pos++;
    }

    private char peek() throws MetricsParseException {
        if (pos >= end) {
            throw error("unterminated label set");
        }
        return at(pos);
    }

    private void skipBlanks() {
        while (pos < end && isBlank(at(pos))) {
            pos++;
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isNameChar(char c, boolean first, boolean colonAllowed) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colonAllowed && c == ':')
                || (!first && c >= '0' && c <= '9');
    }

    private MetricsParseException error(String problem) {
        // A line can be megabytes long; the exception shows 160 characters of it, at most 4 bytes each.
        return new MetricsParseException(lineNumber, problem, decode(lineStart, Math.min(end, lineStart + 4 * 160 + 4)));
    }

    /** The byte at {@code i} as a char in 0..255: ASCII bytes are themselves, others never match ASCII. */
    private char at(int i) {
        return (char) (text[i] & 0xff);
    }

    private String decode(int from, int to) {
        return new String(text, from, to - from, StandardCharsets.UTF_8);
    }
}
