package io.llmrouter.domain.fairness;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.metrics.PodMetrics;
import java.util.Optional;

/**
 * What the router knows of one ready pod's load when it decides to release a queued request.
 *
 * @param inFlight      the router's own requests in flight to the pod
 * @param metrics       the pod's engine metrics if fresh; empty when stale or never scraped
 * @param peakKvTokens  the most KV the requests in flight to the pod will hold at once from now on, as far
 *                      as the caller can tell from their progress (each one's context grows until it ends);
 *                      -1 when unknown, and the gate's token term then counts every released request at
 *                      its prompt plus its whole output limit
 */
public record PodLoad(int inFlight, Optional<PodMetrics> metrics, long peakKvTokens) {

    public PodLoad {
        requireNonNull(metrics, "'metrics' must not be null");
    }

    public PodLoad(int inFlight, Optional<PodMetrics> metrics) {
        this(inFlight, metrics, -1);
    }
}
