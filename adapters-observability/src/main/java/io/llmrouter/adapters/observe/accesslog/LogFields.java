package io.llmrouter.adapters.observe.accesslog;

import io.llmrouter.application.observe.ErrorType;
import io.llmrouter.application.observe.RequestRecord;
import io.llmrouter.application.observe.RequestTimings;
import io.llmrouter.domain.resource.ResourceId;
import java.util.Optional;

/** Field values shared by both formats, derived once from a {@link RequestRecord}. */
final class LogFields {

    private LogFields() {
    }

    static String name(Optional<ResourceId> id) {
        return id.map(ResourceId::toString).orElse("");
    }

    /** Kthena's {@code backend_type}: {@code model_server}, {@code unresolved} (route without server) or {@code none}. */
    static String backendType(RequestRecord r) {
        return r.server().isPresent() ? "model_server" : r.route().isPresent() ? "unresolved" : "none";
    }

    /** Who caused the error: the engine, the client, or the router itself; empty on success. */
    static String errorOrigin(RequestRecord r) {
        return switch (r.errorType()) {
            case SUCCESSFUL_REQUEST -> "";
            case REQUEST_FAILED -> "upstream";
            case PROXY -> r.attempts().isEmpty() ? "router" : "upstream";
            case CLIENT_DISCONNECTED -> "client";
            default -> "router";
        };
    }

    static boolean failed(RequestRecord r) {
        return r.errorType() != ErrorType.SUCCESSFUL_REQUEST;
    }

    static long ms(long nanos) {
        return RequestTimings.millis(nanos);
    }

    /** Messages go on one line: control characters become spaces. */
    static String oneLine(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20) {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, ' ');
            }
        }
        return out == null ? s : out.toString();
    }
}
