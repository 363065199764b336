package io.llmrouter.domain.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How passive health checking (outlier ejection) judges pods, after Envoy's outlier detection:
 * {@code consecutiveFailures} connect failures, 5xx answers or timeouts in a row eject a pod (0:
 * never for that reason), as do {@code consecutiveScrapeFailures} failed metrics scrapes in a row
 * (0: never). The n-th ejection of a pod lasts {@code baseEjectionTime × n}, at most
 * {@code maxEjectionTime}; at most {@code maxEjectionPercent} of a ModelServer's ready pods are
 * ejected at once, though one pod may always be (Envoy's rule, so that a small server still shows
 * its failing pod).
 *
 * <p>Why {@code maxEjectionPercent} defaults to 50 and not Envoy's 10: LLM servers have a handful of
 * replicas, where 10% always rounds to "one pod"; two failing pods of four would leave one of them
 * taking traffic. 50% is Envoy's default panic threshold: at least half of the capacity stays in
 * rotation, so a fault of the router's own network cannot empty a server.
 */
public record OutlierSettings(boolean enabled, int consecutiveFailures, Duration baseEjectionTime,
                              Duration maxEjectionTime, int maxEjectionPercent, int consecutiveScrapeFailures) {

    public static final OutlierSettings DEFAULT = new OutlierSettings(true, 5, Duration.ofSeconds(30),
            Duration.ofSeconds(300), 50, 5);

    public static final OutlierSettings DISABLED = new OutlierSettings(false, 5, Duration.ofSeconds(30),
            Duration.ofSeconds(300), 50, 5);

    public OutlierSettings {
        requireNonNull(baseEjectionTime, "'baseEjectionTime' must not be null");
        requireNonNull(maxEjectionTime, "'maxEjectionTime' must not be null");
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("'consecutiveFailures' must be >= 0 (0: off), was " + consecutiveFailures);
        }
        if (consecutiveScrapeFailures < 0) {
            throw new IllegalArgumentException("'consecutiveScrapeFailures' must be >= 0 (0: off), was "
                    + consecutiveScrapeFailures);
        }
        if (baseEjectionTime.isNegative() || baseEjectionTime.isZero()) {
            throw new IllegalArgumentException("'baseEjectionTime' must be positive, was " + baseEjectionTime);
        }
        if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
            throw new IllegalArgumentException("'maxEjectionTime' (" + maxEjectionTime + ") must be at least "
                    + "'baseEjectionTime' (" + baseEjectionTime + ")");
        }
        if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
            throw new IllegalArgumentException("'maxEjectionPercent' must be within 0..100, was " + maxEjectionPercent);
        }
    }
}
