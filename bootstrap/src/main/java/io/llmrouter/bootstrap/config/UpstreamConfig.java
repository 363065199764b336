package io.llmrouter.bootstrap.config;

import java.time.Duration;

/**
 * Router-wide upstream limits. {@code idleTimeout} bounds the wait for response headers and every
 * silent gap in a stream when a ModelServer sets no {@code trafficPolicy.timeout}.
 */
public record UpstreamConfig(Duration connectTimeout, Duration idleTimeout) {
}
