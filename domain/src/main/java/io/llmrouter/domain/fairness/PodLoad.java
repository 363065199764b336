package io.llmrouter.domain.fairness;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.metrics.PodMetrics;
import java.util.Optional;

/**
 * What the router knows of one ready pod's load when it decides to release a queued request.
 *
 * @param inFlight the router's own requests in flight to the pod
 * @param metrics  the pod's engine metrics if fresh; empty when stale or never scraped
 */
public record PodLoad(int inFlight, Optional<PodMetrics> metrics) {

    public PodLoad {
        requireNonNull(metrics, "'metrics' must not be null");
    }
}
