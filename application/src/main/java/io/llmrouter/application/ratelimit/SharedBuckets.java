package io.llmrouter.application.ratelimit;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.ratelimit.BucketKey;
import io.llmrouter.domain.ratelimit.BucketStore;
import io.llmrouter.domain.ratelimit.Limit;
import io.llmrouter.domain.ratelimit.LocalBuckets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A shared store with its failure policy. While the store answers, every operation goes to it.
 * When it fails, the outage is reported once and, until {@code retryInterval} has passed, no
 * request waits on it again: under {@link FailurePolicy#FAIL_OPEN} the buckets are kept in this
 * process with {@code 1/replicas} of each limit (so the fleet as a whole stays near the limit);
 * under {@link FailurePolicy#FAIL_CLOSED} the limiter refuses. The first operation after the
 * interval probes the store; its success ends the outage (reported once too).
 */
public final class SharedBuckets implements BucketStore {

    /** Told of each store opened, and of each change between reachable and unreachable. */
    public interface StateListener {
        void changed(String address, boolean available, String reason);

        default void opened(SharedBuckets store) {
        }
    }

    private final String address;
    private final BucketStore remote;
    private final LocalBuckets fallback;
    private final int replicas;
    private final FailurePolicy policy;
    private final Ticker ticker;
    private final long retryNanos;
    private final StateListener listener;
    /** 0 while the store answers; else the earliest time to try it again. */
    private final AtomicLong downUntil = new AtomicLong();

    public SharedBuckets(String address, BucketStore remote, LocalBuckets fallback, int replicas, FailurePolicy policy,
                         Ticker ticker, Duration retryInterval, StateListener listener) {
        this.address = requireNonNull(address, "'address' must not be null");
        this.remote = requireNonNull(remote, "'remote' must not be null");
        this.fallback = requireNonNull(fallback, "'fallback' must not be null");
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be >= 1, was " + replicas);
        }
        this.replicas = replicas;
        this.policy = requireNonNull(policy, "'policy' must not be null");
        this.ticker = requireNonNull(ticker, "'ticker' must not be null");
        this.retryNanos = retryInterval.toNanos();
        this.listener = requireNonNull(listener, "'listener' must not be null");
    }

    public boolean available() {
        return downUntil.get() == 0;
    }

    public String address() {
        return address;
    }

    @Override
    public Take take(BucketKey key, Limit limit, long amount, long required) {
        if (tryRemote()) {
            try {
                Take take = remote.take(key, limit, amount, required);
                recovered();
                return take;
            } catch (Unavailable e) {
                failed(e);
            }
        }
        if (policy == FailurePolicy.FAIL_CLOSED) {
            throw new Unavailable("the shared rate-limit store " + address + " is unreachable", null);
        }
        return fallback.take(key, share(limit), amount, Math.min(required, (long) share(limit).capacity()));
    }

    @Override
    public double adjust(BucketKey key, Limit limit, long delta) {
        if (tryRemote()) {
            try {
                double level = remote.adjust(key, limit, delta);
                recovered();
                return level;
            } catch (Unavailable e) {
                failed(e);
            }
        }
        if (policy == FailurePolicy.FAIL_CLOSED) {
            throw new Unavailable("the shared rate-limit store " + address + " is unreachable", null);
        }
        return fallback.adjust(key, share(limit), delta);
    }

    private Limit share(Limit limit) {
        return replicas == 1 ? limit : new Limit(Math.max(1, limit.perUnit() / replicas), limit.unit());
    }

    private boolean tryRemote() {
        long until = downUntil.get();
        return until == 0 || ticker.nanos() - until >= 0;
    }

    private void recovered() {
        long until = downUntil.get();
        if (until != 0 && downUntil.compareAndSet(until, 0)) {
            listener.changed(address, true, "answering again");
        }
    }

    private void failed(Unavailable e) {
        long next = ticker.nanos() + retryNanos;
        next = next == 0 ? 1 : next;
        long before = downUntil.getAndSet(next);
        if (before == 0) {
            listener.changed(address, false, String.valueOf(e.getMessage()));
        }
    }
}
