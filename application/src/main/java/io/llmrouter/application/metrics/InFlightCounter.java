package io.llmrouter.application.metrics;

import io.llmrouter.domain.resource.ResourceId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests this router has in flight to each pod: the one load signal that is never stale.
 * Lock-free: a ConcurrentHashMap of atomic counters; counters of removed pods are dropped.
 */
public final class InFlightCounter {

    private final ConcurrentHashMap<ResourceId, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** Counts one request to {@code pod} until the lease is closed (try-with-resources, every path). */
    public Lease acquire(ResourceId pod) {
        AtomicInteger count = counts.computeIfAbsent(pod, p -> new AtomicInteger());
        count.incrementAndGet();
        return new Lease(count);
    }

    public int get(ResourceId pod) {
        AtomicInteger count = counts.get(pod);
        return count == null ? 0 : count.get();
    }

    public int total() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public void forget(ResourceId pod) {
        counts.remove(pod);
    }

    /** Releases its count exactly once, however many times it is closed. */
    public static final class Lease implements AutoCloseable {
        private final AtomicInteger count;
        private boolean closed;

        private Lease(AtomicInteger count) {
            this.count = count;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                count.decrementAndGet();
            }
        }
    }
}
