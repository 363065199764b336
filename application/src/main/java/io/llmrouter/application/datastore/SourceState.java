package io.llmrouter.application.datastore;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * How a live {@code ResourceSource} stands with what it reads from, for readiness detail, the debug
 * API and metrics: whether it has read everything once ({@code synced}), whether it reaches its
 * origin now ({@code connected}), when it last confirmed its state with the origin, and since when
 * it has not. While not connected the router keeps serving the last state it read.
 */
public record SourceState(boolean synced, boolean connected, Optional<Instant> lastSync,
                          Optional<Instant> disconnectedSince, String detail) {

    public SourceState {
        requireNonNull(lastSync, "'lastSync' must not be null");
        requireNonNull(disconnectedSince, "'disconnectedSince' must not be null");
        requireNonNull(detail, "'detail' must not be null");
    }
}
