package io.llmrouter.domain.prefix;

import io.llmrouter.domain.resource.ResourceId;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which prompt prefixes each pod is believed to hold in its KV cache, learned from the requests this
 * router sent it. One {@link PodBlockTable} per pod (lock-free lookups via ConcurrentHashMap); the
 * model is part of every chained hash, so one table serves all models of a pod.
 *
 * <p>Memory: each pod's table holds at most {@code maxEntriesPerPod} blocks. Tables start small and
 * grow only while the bytes allocated by all tables stay within {@code memoryBudgetBytes}; a table
 * refused growth evicts instead. Busy pods thus get the room idle ones do not use, and the total
 * never exceeds the budget plus one small initial table per pod (about 4.6 KB).
 *
 * <p>Removal is final for what the index knew: {@link #remove} closes the pod's table (its bytes
 * are released exactly once, and a record already holding the table cannot grow it afterwards) and
 * leaves a tombstone in the table's place. A record arriving later, from a request placed before
 * the removal (retries, backoff, streaming), finds the tombstone and is dropped instead of
 * creating a table that no later removal would ever release. A pod is identified by its id only,
 * and the same id comes back when a pod is re-added (hot reload, ready again), so the tombstone is
 * lifted by the next {@link #matchLength lookup}: the scheduler looks a pod up only while it is a
 * candidate of a ranking, i.e. in the live pod set, and every dispatch is preceded by its
 * ranking. The re-added pod then starts with an empty table. Tombstones of pods that never come
 * back are kept for the last {@value #MAX_TOMBSTONES} removals only.
 */
public final class PrefixIndex {

    /** Enough for any late record to meet its tombstone; beyond that, the oldest are forgotten. */
    static final int MAX_TOMBSTONES = 4096;

    /** Per pod: its table while it is known, or a tombstone after its removal. */
    private sealed interface Slot permits Live, Removed {
    }

    private record Live(PodBlockTable table) implements Slot {
    }

    /** Compared by identity: trimming removes exactly the tombstone it queued, never a newer one. */
    private static final class Removed implements Slot {
        private final ResourceId pod;

        private Removed(ResourceId pod) {
            this.pod = pod;
        }
    }

    private final ConcurrentHashMap<ResourceId, Slot> slots = new ConcurrentHashMap<>();
    /** Tombstones in removal order, for trimming; guarded by {@link #removals} (removals are rare). */
    private final ArrayDeque<Removed> tombstoneOrder = new ArrayDeque<>();
    private final ReentrantLock removals = new ReentrantLock();
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
     * How many leading blocks of {@code hashes} the pod holds: the contiguous run from block 0 to the
     * first block it does not hold. Eviction leaves holes anywhere in a prompt (see
     * {@link PodBlockTable}), so a block held further on proves nothing and no binary search is
     * possible; the walk costs one probe per matched block plus one (at most {@code maxBlocksToMatch}
     * + 1, 129 by default). Looking up a removed pod lifts its tombstone (see the class comment).
     */
    public int matchLength(ResourceId pod, long[] hashes) {
        Slot slot = slots.get(pod);
        if (slot instanceof Live live) {
            return hashes.length == 0 ? 0 : live.table().leadingRun(hashes);
        }
        if (slot instanceof Removed removed) {
            slots.remove(pod, removed); // back in a ranking: re-added, so it may learn again, from nothing
        }
        return 0;
    }

    /**
     * The pod was sent these blocks; dropped if the pod was removed since (a late record). Returns the
     * blocks that were new to the pod, for {@link #forget} should the request never reach it.
     */
    public long[] record(ResourceId pod, long[] hashes) {
        if (hashes.length == 0) {
            return hashes;
        }
        Slot slot = slots.get(pod);
        if (slot == null) {
            // Atomic against remove(): either the tombstone is already there and is returned, or the
            // new table is, and a removal that follows closes it.
            slot = slots.computeIfAbsent(pod, p -> new Live(newTable()));
        }
        if (slot instanceof Live live) {
            return live.table().recordAll(hashes); // a no-op if a removal closed the table meanwhile
        }
        return new long[0];
    }

    /** Takes back blocks a {@link #record} added: the request never reached the pod (refused connection). */
    public void forget(ResourceId pod, long[] added) {
        if (added.length > 0 && slots.get(pod) instanceof Live live) {
            live.table().forgetAll(added);
        }
    }

    public void remove(ResourceId pod) {
        Removed tombstone = new Removed(pod);
        Slot previous = slots.put(pod, tombstone);
        if (previous instanceof Live live) {
            allocated.addAndGet(-live.table().close());
        }
        removals.lock();
        try {
            tombstoneOrder.addLast(tombstone);
            while (tombstoneOrder.size() > MAX_TOMBSTONES) {
                Removed oldest = tombstoneOrder.removeFirst();
                slots.remove(oldest.pod, oldest);
            }
        } finally {
            removals.unlock();
        }
    }

    public long entries() {
        return slots.values().stream().mapToLong(s -> s instanceof Live live ? live.table().size() : 0).sum();
    }

    public long evictions() {
        return slots.values().stream().mapToLong(s -> s instanceof Live live ? live.table().evictions() : 0).sum();
    }

    public long bytes() {
        return allocated.get();
    }

    public long memoryBudgetBytes() {
        return memoryBudgetBytes;
    }

    /** The pod's live table, for tests that compare a match with what the table really holds. */
    PodBlockTable table(ResourceId pod) {
        return slots.get(pod) instanceof Live live ? live.table() : null;
    }

    /** Pods with a table (tombstones not counted). */
    int tables() {
        return (int) slots.values().stream().filter(s -> s instanceof Live).count();
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
