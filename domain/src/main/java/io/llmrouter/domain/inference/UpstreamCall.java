package io.llmrouter.domain.inference;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * One attempt to send a request to one engine pod: where, what, and the decisions made for it
 * (model to write into the body; how long to wait for the response headers).
 */
public record UpstreamCall(String host, int port, InferenceRequest request, Optional<String> modelOverride,
                           Optional<Duration> headerTimeout) {

    public UpstreamCall {
        requireNonNull(host, "'host' must not be null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'port' must be 1..65535, was " + port);
        }
        requireNonNull(request, "'request' must not be null");
        requireNonNull(modelOverride, "'modelOverride' must not be null");
        requireNonNull(headerTimeout, "'headerTimeout' must not be null");
    }

    /**
     * The call carrying {@code traceparent} (W3C) instead of the caller's, so the engine's spans nest
     * under the router's upstream span; unchanged when empty (the router is not tracing).
     */
    public UpstreamCall withTraceparent(Optional<String> traceparent) {
        return traceparent.map(tp -> new UpstreamCall(host, port, request.withHeader("traceparent", tp), modelOverride,
                headerTimeout)).orElse(this);
    }

    /** The request target sent to the engine: the checked path and the client's query, byte for byte. */
    public String target() {
        return request.query().isEmpty() ? request.path() : request.path() + "?" + request.query();
    }

    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
