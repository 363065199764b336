package io.llmrouter.domain.ratelimit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * {@code perUnit} tokens (or requests) per {@code unit}, as a token bucket: it holds at most
 * {@code perUnit} and refills continuously at {@code perUnit / unit}. That is what Kthena's
 * limiter does (burst = N), whatever its docs say about windows.
 */
public record Limit(long perUnit, Duration unit) {

    public Limit {
        if (perUnit < 1) {
            throw new IllegalArgumentException("a limit must allow at least 1 per unit, was " + perUnit);
        }
        requireNonNull(unit, "'unit' must not be null");
        if (unit.isNegative() || unit.isZero()) {
            throw new IllegalArgumentException("a limit's unit must be positive, was " + unit);
        }
    }

    public double capacity() {
        return perUnit;
    }

    public double refillPerSecond() {
        return perUnit / (unit.toNanos() / 1e9);
    }

    /** Seconds until a bucket holding {@code level} holds {@code wanted}: 0 when it already does. */
    public double secondsUntil(double level, double wanted) {
        return level >= wanted ? 0 : (wanted - level) / refillPerSecond();
    }
}
