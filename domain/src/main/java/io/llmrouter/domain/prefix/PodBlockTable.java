package io.llmrouter.domain.prefix;

import java.util.concurrent.locks.StampedLock;

/**
 * The block hashes one pod is believed to hold, bounded to {@code capacity} entries with
 * approximately-least-recently-used eviction. Thread-safe: lookups take an optimistic read (no
 * lock, validated), recording takes the write lock.
 *
 * <pre>
 * Layout: open addressing with linear probing over a power-of-two long[] (0 marks an empty slot;
 * a hash of 0 is stored as 1), at most half full, plus one "referenced" bit per slot.
 * Eviction: CLOCK (second chance). The hand sweeps slots, clearing reference bits, and evicts the
 * first unreferenced entry; removal shifts the following run back so probing stays correct.
 * Cost: O(1) expected per lookup and insert; about 18–36 bytes per entry (8-byte key + 1-byte bit,
 * at a load of 0.25–0.5).
 * Lossiness, on purpose: CLOCK approximates LRU, and a shifted entry may be passed over by the hand
 * once more. Recency is refreshed on record (a request served), not on lookup, because a lookup
 * says nothing about what the engine kept.
 * </pre>
 */
public final class PodBlockTable {

    /** Bytes one slot costs (key + reference bit), for memory budgeting. */
    public static final int BYTES_PER_SLOT = Long.BYTES + 1;

    /** Guarded by {@link #lock}; read optimistically. */
    final long[] keys;
    final byte[] referenced;
    private final int mask;
    private final int capacity;
    private final StampedLock lock = new StampedLock();
    int size;
    private int hand;
    private long evictions;

    public PodBlockTable(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("'capacity' must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        int slots = Integer.highestOneBit(Math.max(2, capacity * 2 - 1)) << 1;
        this.keys = new long[slots];
        this.referenced = new byte[slots];
        this.mask = slots - 1;
    }

    public boolean contains(long hash) {
        long key = key(hash);
        long stamp = lock.tryOptimisticRead();
        boolean found = probe(key) >= 0;
        if (lock.validate(stamp)) {
            return found;
        }
        stamp = lock.readLock();
        try {
            return probe(key) >= 0;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Records that the pod now holds these blocks (marks known ones recently used, adds new ones). */
    public void recordAll(long[] hashes) {
        long stamp = lock.writeLock();
        try {
            for (long hash : hashes) {
                record(key(hash));
            }
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
        return capacity;
    }

    public long bytes() {
        return (long) keys.length * BYTES_PER_SLOT;
    }

    private void record(long key) {
        int slot = probe(key);
        if (slot >= 0) {
            referenced[slot] = 1;
            return;
        }
        if (size >= capacity) {
            evictOne();
        }
        int i = home(key);
        while (keys[i] != 0) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        referenced[i] = 1;
        size++;
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
            int home = home(keys[i]);
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

    private int probe(long key) {
        int i = home(key);
        for (int steps = 0; steps <= mask; steps++) {
            long k = keys[i];
            if (k == key) {
                return i;
            }
            if (k == 0) {
                return -1;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private int home(long key) {
        return (int) (key ^ (key >>> 32)) & mask;
    }

    private static long key(long hash) {
        return hash == 0 ? 1 : hash;
    }
}
