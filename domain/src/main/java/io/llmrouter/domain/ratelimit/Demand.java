package io.llmrouter.domain.ratelimit;

import static java.util.Objects.requireNonNull;

/**
 * What one request asks of one bucket: {@code amount} to reserve, and the level the bucket must
 * hold to admit it ({@code required}; an output reservation needs one token there, as Kthena
 * checks, while it reserves the request's {@code max_tokens}).
 */
public record Demand(LimitRule rule, long amount, long required) {

    public Demand {
        requireNonNull(rule, "'rule' must not be null");
        if (amount < 0 || required < 0) {
            throw new IllegalArgumentException("amount and required must be >= 0, were " + amount + ", " + required);
        }
    }

    /** Whether the bucket could never admit it, however long the caller waits. */
    public boolean exceedsCapacity() {
        return required > rule.limit().capacity();
    }
}
