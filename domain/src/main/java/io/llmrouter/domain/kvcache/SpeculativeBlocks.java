package io.llmrouter.domain.kvcache;

import io.llmrouter.domain.resource.ResourceId;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The blocks a pod is about to hold because a request was just sent to it (llm-d's "speculative"
 * index entries): its engine reports them only once it has computed them, which under load is
 * seconds later, and the requests of a group that arrive meanwhile must not be scattered for want
 * of events. Each entry lives {@code ttl}; by then the engine's events say what it really holds.
 *
 * <p>Per pod: key → expiry, and the same entries in insertion order so expired ones are pruned from
 * the head in O(1) each. Bounded by what is dispatched within one TTL. A pod's lock guards its map.
 */
public final class SpeculativeBlocks {

    private final long ttlNanos;
    private final ConcurrentHashMap<ResourceId, PodEntries> pods = new ConcurrentHashMap<>();

    private static final class PodEntries {
        final ReentrantLock lock = new ReentrantLock();
        final HashMap<Long, Long> expiry = new HashMap<>();
        final ArrayDeque<long[]> order = new ArrayDeque<>();
    }

    public SpeculativeBlocks(long ttlNanos) {
        this.ttlNanos = ttlNanos;
    }

    public void add(ResourceId pod, long[] keys, long now) {
        PodEntries p = pods.computeIfAbsent(pod, id -> new PodEntries());
        p.lock.lock();
        try {
            prune(p, now);
            long until = now + ttlNanos;
            for (long key : keys) {
                p.expiry.put(key, until);
                p.order.addLast(new long[] {key, until});
            }
        } finally {
            p.lock.unlock();
        }
    }

    /** How many leading {@code keys} the pod was sent within the TTL. */
    public int leadingRun(ResourceId pod, long[] keys, long now) {
        PodEntries p = pods.get(pod);
        if (p == null) {
            return 0;
        }
        p.lock.lock();
        try {
            int run = 0;
            while (run < keys.length) {
                Long until = p.expiry.get(keys[run]);
                if (until == null || until - now <= 0) {
                    break;
                }
                run++;
            }
            return run;
        } finally {
            p.lock.unlock();
        }
    }

    public void remove(ResourceId pod) {
        pods.remove(pod);
    }

    /** Entries held (expired ones not yet pruned included), for tests and footprint checks. */
    public int size(ResourceId pod) {
        PodEntries p = pods.get(pod);
        return p == null ? 0 : p.order.size();
    }

    private static void prune(PodEntries p, long now) {
        while (!p.order.isEmpty() && p.order.peekFirst()[1] - now <= 0) {
            long[] e = p.order.pollFirst();
            p.expiry.remove(e[0], e[1]);
        }
    }
}
