package io.llmrouter.domain.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How many more pods to try after a failed attempt, and how long to wait before each retry.
 * Only failures before anything reached the client are retried: refused or reset connections and
 * upstream 5xx.
 */
public record RetryPolicy(int attempts, Duration interval) {

    /** The CRD default for {@code retryInterval}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    /**
     * When a ModelServer has no {@code retry} block: two retries with no wait, so a dead pod costs one
     * connect attempt and not a failed request. (Kthena tries up to five pods, ignoring the CRD.)
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(2, Duration.ZERO);

    public RetryPolicy {
        if (attempts < 0) {
            throw new IllegalArgumentException("'attempts' must be >= 0, was " + attempts);
        }
        requireNonNull(interval, "'interval' must not be null");
    }

    public int maxTries() {
        return attempts + 1;
    }
}
