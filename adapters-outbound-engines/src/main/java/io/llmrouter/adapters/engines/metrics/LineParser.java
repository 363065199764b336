package io.llmrouter.adapters.engines.metrics;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A cursor over one line of Prometheus text, {@code [pos, end)} of the whole body; see
 * {@link PrometheusTextParser} for what is accepted. One instance per line, not thread-safe.
 */
final class LineParser {

    private final String text;
    private final int lineStart;
    private final int end;
    private final int lineNumber;
    private int pos;

    LineParser(String text, int start, int end, int lineNumber) {
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
        if (text.charAt(pos) == '#') {
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
        if (pos < end && text.charAt(pos) == '{') {
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
        if (pos < end && text.charAt(pos) != '#') {
            timestamp = number(word(), "timestamp");
            if (!Double.isFinite(timestamp)) {
                throw error("timestamp must be a finite number");
            }
            skipBlanks();
        }
        // An OpenMetrics exemplar (" # {trace_id=...} 0.5") may follow; the router has no use for it.
        if (pos < end && text.charAt(pos) != '#') {
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
        StringBuilder value = null;
        int from = pos;
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == '"') {
                String plain = text.substring(from, pos++);
                return value == null ? plain : value.append(plain).toString();
            }
            if (c == '\\') {
                value = (value == null ? new StringBuilder() : value).append(text, from, pos);
                value.append(escaped(pos + 1 < end ? text.charAt(pos + 1) : '\0', true));
                pos += 2;
                from = pos;
            } else {
                pos++;
            }
        }
        throw error("unterminated value of label '" + label + "'");
    }

    private String unescapeHelp() throws MetricsParseException {
        StringBuilder out = new StringBuilder(end - pos);
        while (pos < end) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < end) {
                out.append(escaped(text.charAt(pos++), false));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code \\} and {@code \n} everywhere; {@code \"} in label values only; HELP keeps other backslashes. */
    private String escaped(char c, boolean inLabel) throws MetricsParseException {
        return switch (c) {
            case '\\' -> "\\";
            case 'n' -> "\n";
            case '"' -> inLabel ? "\"" : "\\\"";
            default -> {
                if (inLabel) {
                    throw error("invalid escape sequence '\\" + (c == '\0' ? "" : String.valueOf(c))
                            + "' in a label value (allowed: \\\\, \\\", \\n)");
                }
                yield "\\" + c;
            }
        };
    }

    private String metricName() throws MetricsParseException {
        int from = pos;
        if (pos < end && (text.charAt(pos) == '{' || text.charAt(pos) == '"')) {
            throw error("quoted (UTF-8) metric names are not supported");
        }
        while (pos < end && isNameChar(text.charAt(pos), pos == from, true)) {
            pos++;
        }
        if (pos == from) {
            throw error("expected a metric name");
        }
        return text.substring(from, pos);
    }

    private String labelName() throws MetricsParseException {
        int from = pos;
        while (pos < end && isNameChar(text.charAt(pos), pos == from, false)) {
            pos++;
        }
        if (pos == from) {
            throw error(pos < end && text.charAt(pos) == '"'
                    ? "quoted (UTF-8) label names are not supported" : "expected a label name or '}'");
        }
        return text.substring(from, pos);
    }

    private String blankThenName() throws MetricsParseException {
        if (pos < end && !isBlank(text.charAt(pos))) {
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
        while (pos < end && !isBlank(text.charAt(pos))) {
            pos++;
        }
        return text.substring(from, pos);
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
        return text.charAt(pos);
    }

    private void skipBlanks() {
        while (pos < end && isBlank(text.charAt(pos))) {
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
        return new MetricsParseException(lineNumber, problem, text.substring(lineStart, end));
    }
}
