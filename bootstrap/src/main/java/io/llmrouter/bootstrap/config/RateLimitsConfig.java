package io.llmrouter.bootstrap.config;

import io.llmrouter.adapters.redis.RedisSettings;
import io.llmrouter.application.ratelimit.FailurePolicy;
import io.llmrouter.domain.ratelimit.TenantLimits;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code rateLimits} section: per-tenant limits (ModelRoute limits come from the routes), the
 * output tokens reserved for a request without {@code max_tokens}, and Redis: where tenant limits
 * are shared ({@code redis.address}; routes name their own), how to reach it, and what to do while
 * it cannot be reached.
 */
public record RateLimitsConfig(TenantLimits tenants, long defaultOutputReservation, Optional<String> redisAddress,
                               RedisSettings redis, FailurePolicy failurePolicy, int replicas, Duration retryInterval) {

    public static final RateLimitsConfig DEFAULT = new RateLimitsConfig(TenantLimits.NONE, 256, Optional.empty(),
            RedisSettings.DEFAULT, FailurePolicy.FAIL_OPEN, 1, Duration.ofSeconds(1));
}
