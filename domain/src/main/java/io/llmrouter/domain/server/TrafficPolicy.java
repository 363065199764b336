package io.llmrouter.domain.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * Per-ModelServer upstream policy. {@code timeout} bounds the wait for the engine's response headers
 * (and, once streaming, each silent gap); without it the router-wide idle timeout applies.
 */
public record TrafficPolicy(Optional<Duration> timeout, RetryPolicy retry) {

    public static final TrafficPolicy DEFAULT = new TrafficPolicy(Optional.empty(), RetryPolicy.DEFAULT);

    public TrafficPolicy {
        requireNonNull(timeout, "'timeout' must not be null");
        requireNonNull(retry, "'retry' must not be null");
    }
}
