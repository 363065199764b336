package io.llmrouter.domain.ratelimit;

/**
 * Where token buckets live: this process ({@link LocalBuckets}) or a store shared by every router
 * replica (Redis). Every operation first refills the bucket for the time passed (a bucket never
 * seen is full) and is atomic per bucket.
 */
public interface BucketStore {

    /**
     * Takes {@code amount} if the bucket holds at least {@code required} (which may differ from the
     * amount: an output reservation needs one token there but reserves more), else takes nothing.
     */
    Take take(BucketKey key, Limit limit, long amount, long required);

    /**
     * Adds {@code delta} without any check: a refund (positive, capped at capacity) or a charge for
     * what was used beyond the reservation (negative, below zero if need be, so long answers are paid
     * for by the requests after them). Returns the level after.
     */
    double adjust(BucketKey key, Limit limit, long delta);

    /** The outcome of a take, with the level after it. */
    record Take(boolean granted, double level) {
    }

    /** The store cannot answer (Redis down, timed out); the caller applies its failure policy. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
