package io.llmrouter.bootstrap.config;

import java.net.URI;
import java.util.Optional;

/**
 * Tracing: with an {@code otlpEndpoint} (OTLP/HTTP JSON, e.g. {@code http://collector:4318/v1/traces})
 * the router joins W3C traces and exports its spans; without one it is invisible to tracing (a
 * client's {@code traceparent} reaches the engine unchanged). {@code sampleRatio} applies to traces
 * the router starts; a caller's sampled flag is always respected.
 */
public record TracingConfig(Optional<URI> otlpEndpoint, String serviceName, double sampleRatio) {

    public static final TracingConfig OFF = new TracingConfig(Optional.empty(), "llm-router", 1.0);

    public TracingConfig {
        if (serviceName == null || serviceName.isBlank()) {
            throw new ConfigException("tracing.serviceName must not be empty");
        }
        if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
            throw new ConfigException("tracing.sampleRatio must be within 0..1, was " + sampleRatio);
        }
        otlpEndpoint.ifPresent(TracingConfig::checkEndpoint);
    }

    public boolean enabled() {
        return otlpEndpoint.isPresent();
    }

    private static void checkEndpoint(URI uri) {
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ConfigException("tracing.otlpEndpoint must be an http(s) URL such as "
                    + "http://otel-collector:4318/v1/traces, was '" + uri + "'");
        }
    }
}
