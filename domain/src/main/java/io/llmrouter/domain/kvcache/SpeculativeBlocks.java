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
 * of events. An entry lives until the engine's events confirm the block ({@link #confirm}: from then
 * on the events alone say whether it is still there) or at most {@code ttl} (a request that never
 * ran: refused, failed, still queued).
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

    /** Whether the pod was sent {@code key} within the TTL and no event has confirmed it yet. */
    public boolean pending(ResourceId pod, long key, long now) {
        PodEntries p = pods.get(pod);
        if (p == null) {
            return false;
        }
        p.lock.lock();
        try {
            Long until = p.expiry.get(key);
            return until != null && until - now > 0;
        } finally {
            p.lock.unlock();
        }
    }

    /** The engine reported the block: the entry has done its job. */
    public void confirm(ResourceId pod, long key) {
        PodEntries p = pods.get(pod);
        if (p == null) {
            return;
        }
        p.lock.lock();
        try {
            p.expiry.remove(key); // its place in the order deque is pruned later, harmlessly
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
