package io.llmrouter.application.metrics;

import io.llmrouter.domain.resource.ResourceId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests this router has in flight to each pod: the one load signal that is never stale.
 * Lock-free: a ConcurrentHashMap of atomic counters.
 *
 * <p>A counter lives exactly as long as it has open leases: the lease that takes it back to zero
 * retires it and removes it from the map, and an acquire that meets a retired counter installs a
 * new one. So an attempt that starts after its pod was removed (it was scheduled just before)
 * counts while it runs and leaves nothing behind, instead of recreating a counter no removal
 * would ever drop. {@link #forget} detaches a removed pod's counter at once: leases still open on
 * it release into the detached counter, and a pod re-added under the same id starts from zero.
 */
public final class InFlightCounter {

    /** A counter's value once retired: no lease may take it again. */
    private static final int RETIRED = -1;

    private final ConcurrentHashMap<ResourceId, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** Counts one request to {@code pod} until the lease is closed (try-with-resources, every path). */
    public Lease acquire(ResourceId pod) {
        while (true) {
            AtomicInteger count = counts.computeIfAbsent(pod, p -> new AtomicInteger());
            int n = count.get();
            if (n == RETIRED) {
                counts.remove(pod, count); // its last lease is removing it; help, then take a fresh one
                continue;
            }
            if (count.compareAndSet(n, n + 1)) {
                return new Lease(pod, count);
            }
        }
    }

    public int get(ResourceId pod) {
        AtomicInteger count = counts.get(pod);
        return count == null ? 0 : Math.max(0, count.get());
    }

    public int total() {
        return counts.values().stream().mapToInt(c -> Math.max(0, c.get())).sum();
    }

    /** Pods with a live counter (at least one open lease, or one just closing); for tests. */
    int tracked() {
        return counts.size();
    }

    public void forget(ResourceId pod) {
        counts.remove(pod);
    }

    private void release(ResourceId pod, AtomicInteger count) {
        // Retire at zero only if no acquire got in between; a failed CAS means a new lease holds it.
        if (count.decrementAndGet() == 0 && count.compareAndSet(0, RETIRED)) {
            counts.remove(pod, count);
        }
    }

    /** Releases its count exactly once, however many times it is closed. */
    public final class Lease implements AutoCloseable {
        private final ResourceId pod;
        private final AtomicInteger count;
        private boolean closed;

        private Lease(ResourceId pod, AtomicInteger count) {
            this.pod = pod;
            this.count = count;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(pod, count);
            }
        }
    }
}
