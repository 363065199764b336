package io.llmrouter.domain.ratelimit;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.port.Ticker;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets in this process. A bucket that has refilled to capacity is the same as one never
 * seen, so {@link #sweep()} drops those: memory stays bounded by the callers active within one
 * unit, however many come and go. Each operation is one atomic {@code compute} on its key.
 */
public final class LocalBuckets implements BucketStore {

    private final Ticker ticker;
    private final ConcurrentHashMap<BucketKey, Level> buckets = new ConcurrentHashMap<>();

    public LocalBuckets(Ticker ticker) {
        this.ticker = requireNonNull(ticker, "'ticker' must not be null");
    }

    /** A bucket's level at a moment, and the limit it was last used under (for the sweep). */
    private record Level(double tokens, long atNanos, Limit limit) {

        Level refilled(Limit current, long now) {
            double seconds = Math.max(0, now - atNanos) / 1e9;
            double capacity = current.capacity();
            // A level above a lowered capacity drops to it; a negative level keeps its debt.
            double refilled = Math.min(capacity, tokens + seconds * current.refillPerSecond());
            return new Level(refilled, now, current);
        }
    }

    @Override
    public Take take(BucketKey key, Limit limit, long amount, long required) {
        long now = ticker.nanos();
        boolean[] granted = new boolean[1];
        Level after = buckets.compute(key, (k, old) -> {
            Level level = old == null ? new Level(limit.capacity(), now, limit) : old.refilled(limit, now);
            granted[0] = level.tokens() >= required;
            return granted[0] ? new Level(level.tokens() - amount, now, limit) : level;
        });
        return new Take(granted[0], after.tokens());
    }

    @Override
    public double adjust(BucketKey key, Limit limit, long delta) {
        long now = ticker.nanos();
        Level after = buckets.compute(key, (k, old) -> {
            Level level = old == null ? new Level(limit.capacity(), now, limit) : old.refilled(limit, now);
            return new Level(Math.min(limit.capacity(), level.tokens() + delta), now, limit);
        });
        return after.tokens();
    }

    /** Drops every bucket that is full again. */
    public void sweep() {
        long now = ticker.nanos();
        buckets.entrySet().removeIf(e -> e.getValue().refilled(e.getValue().limit(), now).tokens()
                >= e.getValue().limit().capacity());
    }

    /** Buckets held (full ones not yet swept included). */
    public int size() {
        return buckets.size();
    }
}
