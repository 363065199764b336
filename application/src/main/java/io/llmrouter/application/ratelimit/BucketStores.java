package io.llmrouter.application.ratelimit;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.ratelimit.SharedBucketStores;
import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.ratelimit.BucketStore;
import io.llmrouter.domain.ratelimit.LimitRule;
import io.llmrouter.domain.ratelimit.LocalBuckets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The store of each limit rule: this process's buckets, or the shared store of the rule's address,
 * one connection per address (Kthena keeps one client for the first address it sees and sends every
 * route there). Shared stores open on first use, so a ModelRoute added later with a new address works.
 */
public final class BucketStores implements Function<LimitRule, BucketStore>, AutoCloseable {

    private final LocalBuckets local;
    private final SharedBucketStores shared;
    private final int replicas;
    private final FailurePolicy policy;
    private final Ticker ticker;
    private final Duration retryInterval;
    private final SharedBuckets.StateListener listener;
    private final ConcurrentHashMap<String, SharedBuckets> byAddress = new ConcurrentHashMap<>();

    public BucketStores(LocalBuckets local, SharedBucketStores shared, int replicas, FailurePolicy policy, Ticker ticker,
                        Duration retryInterval, SharedBuckets.StateListener listener) {
        this.local = requireNonNull(local, "'local' must not be null");
        this.shared = requireNonNull(shared, "'shared' must not be null");
        this.replicas = replicas;
        this.policy = requireNonNull(policy, "'policy' must not be null");
        this.ticker = requireNonNull(ticker, "'ticker' must not be null");
        this.retryInterval = requireNonNull(retryInterval, "'retryInterval' must not be null");
        this.listener = requireNonNull(listener, "'listener' must not be null");
    }

    @Override
    public BucketStore apply(LimitRule rule) {
        if (rule.sharedStore().isEmpty()) {
            return local;
        }
        SharedBuckets store = byAddress.get(rule.sharedStore().get());
        if (store != null) {
            return store;
        }
        boolean[] created = new boolean[1];
        store = byAddress.computeIfAbsent(rule.sharedStore().get(), address -> {
            created[0] = true;
            return new SharedBuckets(address, shared.open(address), local, replicas, policy, ticker, retryInterval,
                    listener);
        });
        if (created[0]) {
            listener.opened(store);
        }
        return store;
    }

    public LocalBuckets local() {
        return local;
    }

    /** The shared stores opened so far, for readiness detail and metrics. */
    public List<SharedBuckets> shared() {
        return List.copyOf(byAddress.values());
    }

    @Override
    public void close() {
        shared.close();
    }
}
