package io.llmrouter.domain.prefix;

import java.util.concurrent.locks.StampedLock;
import java.util.function.LongPredicate;

/**
 * The block hashes one pod is believed to hold, bounded to {@code maxCapacity} entries with
 * approximately-least-recently-used eviction. Thread-safe: lookups take an optimistic read (no
 * lock, validated), recording takes the write lock.
 *
 * <pre>
 * Layout: open addressing with linear probing over a power-of-two long[] (0 marks an empty slot;
 * a hash of 0 is stored as 1), at most half full, plus one "referenced" byte per slot.
 * Growth: a table starts small and doubles its capacity when full, up to maxCapacity, but only
 * when the shared memory budget grants the extra bytes; otherwise it evicts at its current size.
 * Eviction: CLOCK (second chance). The hand sweeps slots, clearing reference bits, and evicts the
 * first unreferenced entry; removal shifts the following run back so probing stays correct.
 * Cost: O(1) expected per lookup and insert, O(n) per (rare) growth; 18-36 bytes per entry
 * (8-byte key + 1-byte bit, at a load of 0.25-0.5).
 * Lossiness, on purpose: CLOCK approximates LRU, and a shifted entry may be passed over by the hand
 * once more. Recency is refreshed on record (a request dispatched), not on lookup, because a lookup
 * says nothing about what the engine kept.
 * Holes: eviction picks slots in hash order, not prompt order, so a prompt's middle block can go
 * while later ones stay. Holding block i therefore says nothing about blocks 0..i-1, and a match is
 * only ever measured by {@link #leadingRun}, which walks from block 0 to the first miss.
 * </pre>
 *
 * <p>A table can be {@link #close() closed} when its pod is removed: from then on it records nothing
 * and never grows, so the bytes it returned at closing are all it will ever have held.
 */
public final class PodBlockTable {

    /** Bytes one slot costs (key + reference byte), for memory budgeting. */
    public static final int BYTES_PER_SLOT = Long.BYTES + 1;
    private static final long[] NONE = new long[0];
    /** Entries a new table starts with: small, so that thousands of idle pods cost little. */
    static final int INITIAL_CAPACITY = 256;

    /** Guarded by {@link #lock}; read optimistically, so replaced whole on growth. */
    long[] keys;
    byte[] referenced;
    private int mask;
    private int capacity;
    private final int maxCapacity;
    /** Asked for the extra bytes before each growth; true = granted. */
    private final LongPredicate reserve;
    private final StampedLock lock = new StampedLock();
    int size;
    private int hand;
    private long evictions;
    /** Guarded by {@link #lock}: set once, when the pod is removed; a closed table takes no writes. */
    private boolean closed;

    /** A table that may grow to {@code maxCapacity} whenever it needs to. */
    public PodBlockTable(int maxCapacity) {
        this(maxCapacity, bytes -> true);
    }

    /** A table whose growth beyond its first allocation must be granted by {@code reserve}. */
    public PodBlockTable(int maxCapacity, LongPredicate reserve) {
        if (maxCapacity < 1) {
            throw new IllegalArgumentException("'maxCapacity' must be >= 1, was " + maxCapacity);
        }
        this.maxCapacity = maxCapacity;
        this.reserve = reserve;
        allocate(Math.min(maxCapacity, INITIAL_CAPACITY));
    }

    public boolean contains(long hash) {
        long key = key(hash);
        long stamp = lock.tryOptimisticRead();
        boolean found = probe(keys, key) >= 0;
        if (lock.validate(stamp)) {
            return found;
        }
        stamp = lock.readLock();
        try {
            return probe(keys, key) >= 0;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * How many leading entries of {@code hashes} the table holds: the length of the run from block 0
     * to the first block it does not hold. The whole walk runs against one state of the table (one
     * validated optimistic read, else under the read lock), so a concurrent eviction cannot make it
     * count a block that was gone before a later one was checked. Cost: one probe per matched block
     * plus one for the miss, O(1) expected each.
     */
    public int leadingRun(long[] hashes) {
        long stamp = lock.tryOptimisticRead();
        int run = leadingRun(keys, hashes);
        if (lock.validate(stamp)) {
            return run;
        }
        stamp = lock.readLock();
        try {
            return leadingRun(keys, hashes);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * Records that the pod now holds these blocks (marks known ones recently used, adds new ones) and
     * returns the ones that were new, so a record can be taken back ({@link #forgetAll}).
     */
    public long[] recordAll(long[] hashes) {
        long stamp = lock.writeLock();
        try {
            if (closed) {
                return NONE; // the pod was removed while this record was on its way: it must not grow again
            }
            long[] added = null;
            int count = 0;
            for (long hash : hashes) {
                if (record(key(hash))) {
                    if (added == null) {
                        added = new long[hashes.length];
                    }
                    added[count++] = hash;
                }
            }
            return added == null ? NONE : (count == added.length ? added : java.util.Arrays.copyOf(added, count));
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * Drops these blocks again (a record whose request never reached the pod). Blocks the record
     * evicted stay evicted: the table may then hold less than the pod, never more.
     */
    public void forgetAll(long[] hashes) {
        if (hashes.length == 0) {
            return;
        }
        long stamp = lock.writeLock();
        try {
            if (closed) {
                return;
            }
            for (long hash : hashes) {
                int slot = probe(keys, key(hash));
                if (slot >= 0) {
                    remove(slot);
                }
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * Stops all further recording and returns the bytes the table holds, which from now on never
     * change; a second call returns 0, so a removal releases a table's bytes exactly once.
     */
    long close() {
        long stamp = lock.writeLock();
        try {
            if (closed) {
                return 0;
            }
            closed = true;
            return slotBytes(keys.length);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    public int size() {
        long stamp = lock.readLock();
        try {
            return size;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public long evictions() {
        long stamp = lock.readLock();
        try {
            return evictions;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public int capacity() {
        long stamp = lock.readLock();
        try {
            return capacity;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public long bytes() {
        long stamp = lock.readLock();
        try {
            return slotBytes(keys.length);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The bytes a table of {@code capacity} entries allocates. */
    public static long bytesFor(int capacity) {
        return slotBytes(slotsFor(capacity));
    }

    /** True when the key was not held before. */
    private boolean record(long key) {
        int slot = probe(keys, key);
        if (slot >= 0) {
            referenced[slot] = 1;
            return false;
        }
        if (size >= capacity && !grow()) {
            evictOne();
        }
        int i = home(key, mask);
        while (keys[i] != 0) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        referenced[i] = 1;
        size++;
        return true;
    }

    /** Doubles the capacity (up to the maximum) if the budget grants the bytes; rehashes every entry. */
    private boolean grow() {
        int next = (int) Math.min(maxCapacity, (long) capacity * 2);
        if (next <= capacity || !reserve.test(bytesFor(next) - slotBytes(keys.length))) {
            return false;
        }
        long[] oldKeys = keys;
        byte[] oldReferenced = referenced;
        allocate(next);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int j = home(oldKeys[i], mask);
                while (keys[j] != 0) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                referenced[j] = oldReferenced[i];
            }
        }
        return true;
    }

    private void allocate(int newCapacity) {
        int slots = slotsFor(newCapacity);
        keys = new long[slots];
        referenced = new byte[slots];
        mask = slots - 1;
        capacity = newCapacity;
        hand = 0;
    }

    private void evictOne() {
        while (true) {
            int i = hand;
            hand = (hand + 1) & mask;
            if (keys[i] == 0) {
                continue;
            }
            if (referenced[i] != 0) {
                referenced[i] = 0;
                continue;
            }
            remove(i);
            evictions++;
            return;
        }
    }

    /** Backward-shift deletion: pull later members of the probe run into the hole. */
    private void remove(int hole) {
        keys[hole] = 0;
        referenced[hole] = 0;
        size--;
        int i = (hole + 1) & mask;
        while (keys[i] != 0) {
            int home = home(keys[i], mask);
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                keys[hole] = keys[i];
                referenced[hole] = referenced[i];
                keys[i] = 0;
                referenced[i] = 0;
                hole = i;
            }
            i = (i + 1) & mask;
        }
    }

    private static int leadingRun(long[] table, long[] hashes) {
        int run = 0;
        while (run < hashes.length && probe(table, key(hashes[run])) >= 0) {
            run++;
        }
        return run;
    }

    /** Probes a snapshot of the key array (an optimistic reader may see one being replaced). */
    private static int probe(long[] table, long key) {
        int m = table.length - 1;
        int i = home(key, m);
        for (int steps = 0; steps <= m; steps++) {
            long k = table[i];
            if (k == key) {
                return i;
            }
            if (k == 0) {
                return -1;
            }
            i = (i + 1) & m;
        }
        return -1;
    }

    private static int slotsFor(int capacity) {
        return Integer.highestOneBit(Math.max(2, capacity * 2 - 1)) << 1;
    }

    private static long slotBytes(int slots) {
        return (long) slots * BYTES_PER_SLOT;
    }

    private static int home(long key, int mask) {
        return (int) (key ^ (key >>> 32)) & mask;
    }

    private static long key(long hash) {
        return hash == 0 ? 1 : hash;
    }
}
