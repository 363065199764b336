package io.llmrouter.adapters.observe.accesslog;

import io.llmrouter.application.observe.RequestRecord;

/** Renders one request as one access log line (without the newline). */
public sealed interface AccessLogFormat permits TextFormat, JsonFormat {

    String line(RequestRecord record);

    /** {@code text} (Kthena's layout) or {@code json}. */
    static AccessLogFormat named(String name) {
        return switch (name) {
            case "text" -> new TextFormat();
            case "json" -> new JsonFormat();
            default -> throw new IllegalArgumentException("access log format must be one of [text, json], was '"
                    + name + "'");
        };
    }
}
