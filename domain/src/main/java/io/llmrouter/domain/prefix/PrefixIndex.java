package io.llmrouter.domain.prefix;

import io.llmrouter.domain.resource.ResourceId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which prompt prefixes each pod is believed to hold in its KV cache, learned from the requests this
 * router sent it. One {@link PodBlockTable} per pod (lock-free lookups via ConcurrentHashMap); the
 * model is part of every chained hash, so one table serves all models of a pod.
 *
 * <p>Memory: each pod's table holds at most {@code maxEntriesPerPod} blocks. Tables start small and
 * grow only while the bytes allocated by all tables stay within {@code memoryBudgetBytes}; a table
 * refused growth evicts instead. Busy pods thus get the room idle ones do not use, and the total
 * never exceeds the budget plus one small initial table per pod (about 4.6 KB).
 */
public final class PrefixIndex {

    private final ConcurrentHashMap<ResourceId, PodBlockTable> tables = new ConcurrentHashMap<>();
    private final int maxEntriesPerPod;
    private final long memoryBudgetBytes;
    /** Bytes held by all tables; growth is granted by compare-and-set against the budget. */
    private final AtomicLong allocated = new AtomicLong();

    public PrefixIndex(int maxEntriesPerPod, long memoryBudgetBytes) {
        if (maxEntriesPerPod < 1 || memoryBudgetBytes < 1) {
            throw new IllegalArgumentException("maxEntriesPerPod and memoryBudgetBytes must be >= 1");
        }
        this.maxEntriesPerPod = maxEntriesPerPod;
        this.memoryBudgetBytes = memoryBudgetBytes;
    }

    /**
     * How many leading blocks of {@code hashes} the pod holds. Chained hashes make "holds block i"
     * imply "holds blocks 0..i" as long as eviction is recency-ordered, so a binary search finds the
     * boundary in O(log n) lookups.
     */
    public int matchLength(ResourceId pod, long[] hashes) {
        PodBlockTable table = tables.get(pod);
        if (table == null || hashes.length == 0 || !table.contains(hashes[0])) {
            return 0;
        }
        int lo = 1;
        int hi = hashes.length;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (table.contains(hashes[mid - 1])) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    public void record(ResourceId pod, long[] hashes) {
        if (hashes.length > 0) {
            tables.computeIfAbsent(pod, p -> newTable()).recordAll(hashes);
        }
    }

    public void remove(ResourceId pod) {
        PodBlockTable removed = tables.remove(pod);
        if (removed != null) {
            allocated.addAndGet(-removed.bytes());
        }
    }

    public long entries() {
        return tables.values().stream().mapToLong(PodBlockTable::size).sum();
    }

    public long evictions() {
        return tables.values().stream().mapToLong(PodBlockTable::evictions).sum();
    }

    public long bytes() {
        return allocated.get();
    }

    public long memoryBudgetBytes() {
        return memoryBudgetBytes;
    }

    private PodBlockTable newTable() {
        PodBlockTable table = new PodBlockTable(maxEntriesPerPod, this::reserve);
        allocated.addAndGet(table.bytes());
        return table;
    }

    private boolean reserve(long bytes) {
        long current;
        do {
            current = allocated.get();
            if (current + bytes > memoryBudgetBytes) {
                return false;
            }
        } while (!allocated.compareAndSet(current, current + bytes));
        return true;
    }
}
