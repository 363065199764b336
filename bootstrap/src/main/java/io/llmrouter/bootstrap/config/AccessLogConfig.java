package io.llmrouter.bootstrap.config;

import java.util.Set;

/**
 * The access log (Kthena's {@code ACCESS_LOG_*} settings as config keys): one line per
 * {@code /v1/*} request in {@code format} ({@code text} or {@code json}) to {@code output}
 * ({@code stdout}, {@code stderr} or a file path), through a queue of {@code queueSize} lines;
 * lines that find it full are dropped and counted, never waited for.
 */
public record AccessLogConfig(boolean enabled, String format, String output, int queueSize) {

    /** First: the constants below are checked against it while the class initialises. */
    static final Set<String> FORMATS = Set.of("text", "json");
    public static final AccessLogConfig DEFAULT = new AccessLogConfig(true, "text", "stdout", 4096);
    public static final AccessLogConfig OFF = new AccessLogConfig(false, "text", "stdout", 4096);

    public AccessLogConfig {
        if (!FORMATS.contains(format)) {
            throw new ConfigException("accessLog.format must be one of [json, text], was '" + format + "'");
        }
        if (output == null || output.isBlank()) {
            throw new ConfigException("accessLog.output must be stdout, stderr or a file path");
        }
        if (queueSize < 1 || queueSize > 1_000_000) {
            throw new ConfigException("accessLog.queueSize must be 1..1000000, was " + queueSize);
        }
    }
}
