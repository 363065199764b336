package io.llmrouter.domain.prefix;

import io.llmrouter.domain.resource.ResourceId;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which prompt prefixes each pod is believed to hold in its KV cache, learned from the requests this
 * router sent it. One {@link PodBlockTable} per pod (lock-free lookups via ConcurrentHashMap); the
 * model is part of every chained hash, so one table serves all models of a pod.
 *
 * <p>Memory: each pod's table holds at most {@code maxEntriesPerPod} blocks, fewer when the
 * {@code memoryBudgetBytes} shared by all pods would otherwise be exceeded: a new table's capacity
 * is the budget divided by the number of pods at the time it is created (approximate on purpose:
 * tables are not resized when pods come and go).
 */
public final class PrefixIndex {

    private final ConcurrentHashMap<ResourceId, PodBlockTable> tables = new ConcurrentHashMap<>();
    private final int maxEntriesPerPod;
    private final long memoryBudgetBytes;

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
            tables.computeIfAbsent(pod, p -> new PodBlockTable(capacityForNewPod())).recordAll(hashes);
        }
    }

    public void remove(ResourceId pod) {
        tables.remove(pod);
    }

    public long entries() {
        return tables.values().stream().mapToLong(PodBlockTable::size).sum();
    }

    public long evictions() {
        return tables.values().stream().mapToLong(PodBlockTable::evictions).sum();
    }

    public long bytes() {
        return tables.values().stream().mapToLong(PodBlockTable::bytes).sum();
    }

    private int capacityForNewPod() {
        long perPod = memoryBudgetBytes / (tables.size() + 1L) / (PodBlockTable.BYTES_PER_SLOT * 4L);
        return (int) Math.max(1, Math.min(maxEntriesPerPod, perPod));
    }
}
