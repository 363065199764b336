package io.llmrouter.adapters.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.application.inference.ErrorKind;
import io.llmrouter.application.inference.RouterError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The one place where the router's own errors become HTTP: a status and OpenAI's envelope
 * {@code {"error":{"message","type","param","code"}}}. Never a stack trace.
 */
public final class OpenAiErrors {

    private static final JsonFactory JSON = new JsonFactory();

    private OpenAiErrors() {
    }

    /** HTTP status, OpenAI error type and machine-readable code of each kind. */
    record Mapping(int status, String type, String code) {
    }

    static Mapping mapping(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST -> new Mapping(400, "invalid_request_error", "invalid_request");
            case MODEL_NOT_FOUND -> new Mapping(404, "invalid_request_error", "model_not_found");
            case NO_MATCHING_RULE -> new Mapping(404, "invalid_request_error", "route_not_found");
            case MODEL_SERVER_NOT_FOUND -> new Mapping(404, "invalid_request_error", "model_server_not_found");
            case PAYLOAD_TOO_LARGE -> new Mapping(413, "invalid_request_error", "payload_too_large");
            case UNSUPPORTED_MEDIA_TYPE -> new Mapping(415, "invalid_request_error", "unsupported_media_type");
            case NOT_IMPLEMENTED -> new Mapping(501, "server_error", "not_implemented");
            case UPSTREAM_UNAVAILABLE -> new Mapping(502, "server_error", "upstream_unavailable");
            case NO_READY_POD -> new Mapping(503, "server_error", "no_ready_pods");
            case UPSTREAM_TIMEOUT -> new Mapping(504, "server_error", "upstream_timeout");
            case PATH_NOT_FOUND -> new Mapping(404, "invalid_request_error", "not_found");
            case OVERLOADED -> new Mapping(429, "rate_limit_error", "router_overloaded");
            case SHUTTING_DOWN -> new Mapping(503, "server_error", "router_shutting_down");
            case UNAUTHENTICATED -> new Mapping(401, "invalid_request_error", "invalid_api_key");
            case MODEL_NOT_ALLOWED -> new Mapping(403, "invalid_request_error", "model_not_allowed");
            // OpenAI's own 429 for a spent limit: type "tokens" or "requests", code rate_limit_exceeded.
            case INPUT_RATE_LIMITED, OUTPUT_RATE_LIMITED -> new Mapping(429, "tokens", "rate_limit_exceeded");
            case REQUEST_RATE_LIMITED -> new Mapping(429, "requests", "rate_limit_exceeded");
            case FAIRNESS_QUEUE_FULL -> new Mapping(429, "rate_limit_error", "fairness_queue_full");
            case FAIRNESS_QUEUE_TIMEOUT -> new Mapping(504, "server_error", "fairness_queue_timeout");
            case INTERNAL -> new Mapping(500, "server_error", "internal_error");
        };
    }

    public static int status(ErrorKind kind) {
        return mapping(kind).status();
    }

    static void send(ServerResponse res, RouterError error) {
        Mapping m = mapping(error.kind());
        // Whole seconds, rounded up: a client told 0 would come straight back.
        error.retryAfter().ifPresent(wait -> res.header(HeaderNames.RETRY_AFTER,
                String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000))));
        error.headers().forEach(h -> res.header(h.name(), h.value()));
        send(res, m.status(), m.type(), m.code(), error.message(), error.param());
    }

    /** For HTTP-level errors that are not a {@link RouterError}: unknown path, wrong method. */
    static void send(ServerResponse res, int status, String type, String code, String message, Optional<String> param) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(envelope(message, type, code, param));
    }

    /**
     * A known path asked with a method it does not take: 405 with {@code Allow} (RFC 9110 requires
     * it), in the envelope like every other error.
     */
    static void methodNotAllowed(io.helidon.webserver.http.ServerRequest req, ServerResponse res, String allow) {
        String path = req.path().absolute().rawPath();
        res.header(HeaderNames.ALLOW, allow);
        send(res, 405, "invalid_request_error", "method_not_allowed",
                "Method " + req.prologue().method().text() + " is not supported on " + path + "; it takes " + allow + ".",
                Optional.empty());
    }

    /** A handler answering {@link #methodNotAllowed} for the methods in {@code allow}. */
    static io.helidon.webserver.http.Handler only(String allow) {
        return (req, res) -> methodNotAllowed(req, res, allow);
    }

    static byte[] envelope(String message, String type, String code, Optional<String> param) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + message.length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("message", message);
            g.writeStringField("type", type);
            if (param.isPresent()) {
                g.writeStringField("param", param.get());
            } else {
                g.writeNullField("param");
            }
            g.writeStringField("code", code);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
