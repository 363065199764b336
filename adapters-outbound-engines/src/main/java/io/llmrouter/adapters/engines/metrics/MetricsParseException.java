package io.llmrouter.adapters.engines.metrics;

/** A {@code /metrics} body that is not valid Prometheus text; the message starts with the line number. */
public final class MetricsParseException extends Exception {

    private final int lineNumber;

    public MetricsParseException(int lineNumber, String problem, String line) {
        super("line " + lineNumber + ": " + problem + " in: " + excerpt(line));
        this.lineNumber = lineNumber;
    }

    /** 1-based line of the exposition that could not be parsed. */
    public int lineNumber() {
        return lineNumber;
    }

    private static String excerpt(String line) {
        return line.length() <= 160 ? line : line.substring(0, 160) + "...";
    }
}
