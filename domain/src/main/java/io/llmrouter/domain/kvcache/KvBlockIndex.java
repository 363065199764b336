package io.llmrouter.domain.kvcache;

import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.resource.ResourceId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which KV blocks each engine pod really holds, learned from the engines' own KV events (llm-d's
 * dual-key design, second-wave.md §2e).
 *
 * <pre>
 * per pod (its events arrive in order, from one subscriber thread):
 *   engine hash → Block{request key, count per medium}   (insertion order = eviction order)
 *   the values are also the reverse index pod → keys, so AllBlocksCleared and pod removal cost
 *   O(the pod's blocks), never a scan of the whole index
 * shared: request key → holders, an immutable long[] of (pod ordinal &lt;&lt; 8 | medium mask), replaced
 *   whole on change (ConcurrentHashMap.compute), so scoring reads it without locks
 * </pre>
 *
 * The request key is computed here from the event's tokens ({@link RequestKeys}), chained on the
 * parent's request key, so the engine's hash function and seed never matter. A BlockStored whose
 * parent is unknown (its chain was evicted here, or events were lost) cannot be keyed and is
 * skipped (counted); one without tokens (an offload to another tier) is resolved by engine hash.
 *
 * <p>Memory: {@value #BYTES_PER_BLOCK} bytes are charged per indexed block (measured, see
 * docs/benchmarks.md); above {@code maxBytes} the oldest blocks of the pod holding the most are
 * evicted (counted). Scoring stays correct under eviction: a pod simply matches less.
 *
 * <p>Locks: a pod's lock guards its map; the eviction lock is taken only with no pod lock held,
 * then one pod lock at a time, so there is no lock-order cycle.
 */
public final class KvBlockIndex {

    /** Heap bytes one indexed block costs (pod map entry, boxed key, Block, holders entry); measured. */
    public static final int BYTES_PER_BLOCK = 240;
    /** Blocks evicted per round once over budget, so eviction is not paid on every store. */
    private static final int EVICT_BATCH = 64;

    private final long maxBytes;
    private final Ticker ticker;
    private final ConcurrentHashMap<ResourceId, PodBlocks> pods = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, long[]> holders = new ConcurrentHashMap<>();
    private final AtomicInteger ordinals = new AtomicInteger();
    private final AtomicLong blocks = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicLong unkeyed = new AtomicLong();
    private final AtomicLong restartDropped = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final ReentrantLock evicting = new ReentrantLock();

    public KvBlockIndex(long maxBytes, Ticker ticker) {
        if (maxBytes < BYTES_PER_BLOCK) {
            throw new IllegalArgumentException("'maxBytes' must be >= " + BYTES_PER_BLOCK + ", was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.ticker = ticker;
    }

    /**
     * One block a pod holds: its request key, how many times it is stored on each medium, and the
     * engine's clock (Unix ms, its batch timestamp) at its latest store, which tells a block of the
     * engine process now running from one of a process before it ({@link #engineStarted}). The
     * timestamp costs 8 bytes a block (the object grows from 24 to 32 bytes), still within the
     * {@value #BYTES_PER_BLOCK} charged.
     */
    private static final class Block {
        long key;
        long storedMillis;
        final byte[] counts = new byte[Medium.values().length];

        int mask() {
            int mask = 0;
            for (int m = 0; m < counts.length; m++) {
                if (counts[m] != 0) {
                    mask |= 1 << m;
                }
            }
            return mask;
        }
    }

    private static final class PodBlocks {
        final int ordinal;
        final ReentrantLock lock = new ReentrantLock();
        final LinkedHashMap<Long, Block> byEngineHash = new LinkedHashMap<>();
        volatile long lastEventNanos;
        volatile boolean seenEvents;
        /** Tokens per block of the pod's latest keyed BlockStored: the size its keys were cut by; 0 = none yet. */
        volatile int blockSize;
        /** The latest engine start (Unix ms) {@link #engineStarted} has applied; 0 = none. */
        volatile long engineStartMillis;
        boolean removed; // guarded by lock

        PodBlocks(int ordinal) {
            this.ordinal = ordinal;
        }
    }

    /** Applies one event of {@code pod}'s stream, without the engine's timestamp (see the other overload). */
    public void apply(ResourceId pod, KvEvent event) {
        apply(pod, event, 0);
    }

    /**
     * Applies one event of {@code pod}'s stream (the pod becomes known to the index if it was not).
     * {@code engineMillis} is the engine's clock when it sent the event (its batch's {@code ts}, Unix
     * ms), 0 when unknown: a block stored at an unknown time counts as older than any engine start.
     */
    public void apply(ResourceId pod, KvEvent event, long engineMillis) {
        PodBlocks p = pods.computeIfAbsent(pod, id -> new PodBlocks(ordinals.getAndIncrement()));
        p.lock.lock();
        try {
            if (p.removed) {
                return;
            }
            switch (event) {
                case KvEvent.BlockStored s -> stored(p, s, engineMillis);
                case KvEvent.BlockRemoved r -> removed(p, r);
                case KvEvent.AllBlocksCleared c -> clearLocked(p);
            }
            p.lastEventNanos = ticker.nanos();
            p.seenEvents = true;
        } finally {
            p.lock.unlock();
        }
        events.incrementAndGet();
        if (blocks.get() * BYTES_PER_BLOCK > maxBytes) {
            evict();
        }
    }

    /** Forgets everything known about the pod's blocks but keeps it known (a reset after lost events or a restart). */
    public void reset(ResourceId pod) {
        apply(pod, new KvEvent.AllBlocksCleared());
    }

    /** The pod left: its blocks are dropped and it is unknown to the index until its events come again. */
    public void removePod(ResourceId pod) {
        PodBlocks p = pods.remove(pod);
        if (p == null) {
            return;
        }
        p.lock.lock();
        try {
            clearLocked(p);
            p.removed = true;
        } finally {
            p.lock.unlock();
        }
    }

    /**
     * The pod's engine process started at {@code startMillis} (Unix ms, the engine's clock, e.g.
     * {@code process_start_time_seconds}): every block it is said to hold that was stored before then
     * belongs to an earlier process of that engine, whose cache died with it, and is dropped. This
     * is how a restart is caught when the event sequence does not reveal it: the subscriber missed the
     * new process's first batches while reconnecting, so its numbers seem to continue, or a replay
     * filled the "gap" from the new process's buffer. Blocks the new process stored already (events
     * that arrived before the restart was noticed) are kept, so noticing late loses nothing.
     *
     * <p>Cheap when nothing changed (one map lookup and a volatile read), so it may be called on
     * every scoring; the scan of the pod's blocks happens once per start time. A start time older
     * than the one applied is ignored. A block stored both before and after the start (the same
     * engine hash again: a fixed {@code PYTHONHASHSEED}) is kept once per medium, as the old
     * process's copies are gone.
     */
    public void engineStarted(ResourceId pod, long startMillis) {
        PodBlocks p = pods.get(pod);
        if (p == null || startMillis <= p.engineStartMillis) {
            return; // unknown pod: nothing held, and its first blocks come from the process now running
        }
        p.lock.lock();
        try {
            if (p.removed || startMillis <= p.engineStartMillis) {
                return;
            }
            p.engineStartMillis = startMillis;
            Iterator<Block> it = p.byEngineHash.values().iterator();
            while (it.hasNext()) {
                Block block = it.next();
                int before = block.mask();
                if (block.storedMillis < startMillis) {
                    it.remove();
                    blocks.decrementAndGet();
                    updateHolder(block.key, p.ordinal, before, 0);
                    restartDropped.incrementAndGet();
                } else {
                    for (int m = 0; m < block.counts.length; m++) {
                        block.counts[m] = (byte) Math.min(block.counts[m], 1);
                    }
                }
            }
        } finally {
            p.lock.unlock();
        }
    }

    /** Blocks dropped because they were stored before their engine's latest start ({@link #engineStarted}). */
    public long restartDropped() {
        return restartDropped.get();
    }

    /** Whether the pod has delivered any event since it became known; false when unknown. */
    public boolean hasEvents(ResourceId pod) {
        PodBlocks p = pods.get(pod);
        return p != null && p.seenEvents;
    }

    /**
     * Tokens per block in the pod's latest keyed BlockStored (the engine's own block size, which its
     * keys here were chained over); 0 when unknown.
     */
    public int blockSize(ResourceId pod) {
        PodBlocks p = pods.get(pod);
        return p == null ? 0 : p.blockSize;
    }

    /** Ticker time of the pod's latest event; 0 when none. */
    public long lastEventNanos(ResourceId pod) {
        PodBlocks p = pods.get(pod);
        return p == null ? 0 : p.lastEventNanos;
    }

    /**
     * For each pod, the weighted length of the run of leading {@code keys} it holds: each block adds
     * the weight of the best medium it is held on ({@code weights[medium.ordinal()]}); the run stops
     * at the first block the pod does not hold. Pods unknown to the index get {@code NaN}.
     * Cost: one map lookup per block of the longest run, plus the holders scanned.
     */
    public double[] weightedRuns(long[] keys, List<ResourceId> candidates, double[] weights) {
        int n = candidates.size();
        double[] runs = new double[n];
        int[] ordinal = new int[n];
        boolean[] alive = new boolean[n];
        int living = 0;
        for (int j = 0; j < n; j++) {
            PodBlocks p = pods.get(candidates.get(j));
            if (p == null) {
                runs[j] = Double.NaN;
                ordinal[j] = -1;
            } else {
                ordinal[j] = p.ordinal;
                alive[j] = true;
                living++;
            }
        }
        for (int b = 0; b < keys.length && living > 0; b++) {
            long[] held = holders.get(keys[b]);
            for (int j = 0; j < n; j++) {
                if (!alive[j]) {
                    continue;
                }
                int mask = held == null ? 0 : maskOf(held, ordinal[j]);
                if (mask == 0) {
                    alive[j] = false;
                    living--;
                } else {
                    runs[j] += bestWeight(mask, weights);
                }
            }
        }
        return runs;
    }

    /** The medium mask with which {@code pod} holds the block of {@code key}, 0 if it does not. */
    public int heldBy(ResourceId pod, long key) {
        PodBlocks p = pods.get(pod);
        long[] held = holders.get(key);
        return p == null || held == null ? 0 : maskOf(held, p.ordinal);
    }

    /** Blocks indexed, over all pods. */
    public long blocks() {
        return blocks.get();
    }

    public long bytes() {
        return blocks.get() * BYTES_PER_BLOCK;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Blocks dropped to stay within the byte budget. */
    public long evictions() {
        return evictions.get();
    }

    /** Stored blocks that could not be keyed (unknown parent, token count not a multiple of the block size). */
    public long unkeyed() {
        return unkeyed.get();
    }

    public long events() {
        return events.get();
    }

    /** Distinct request keys with at least one holder. */
    public int keys() {
        return holders.size();
    }

    /** Blocks the pod holds according to the index. */
    public int blocksOf(ResourceId pod) {
        PodBlocks p = pods.get(pod);
        if (p == null) {
            return 0;
        }
        p.lock.lock();
        try {
            return p.byEngineHash.size();
        } finally {
            p.lock.unlock();
        }
    }

    private void stored(PodBlocks p, KvEvent.BlockStored s, long engineMillis) {
        long[] hashes = s.blockHashes();
        int medium = s.medium().ordinal();
        if (s.tokens().length == 0) {
            for (long h : hashes) {
                Block block = p.byEngineHash.get(h);
                if (block == null) {
                    unkeyed.incrementAndGet();
                } else {
                    block.storedMillis = Math.max(block.storedMillis, engineMillis);
                    addMedium(p, block, medium);
                }
            }
            return;
        }
        int size = s.blockSize();
        if (size <= 0 || (long) size * hashes.length != s.tokens().length) {
            unkeyed.addAndGet(hashes.length);
            return;
        }
        if (p.blockSize != size) {
            p.blockSize = size;
        }
        long parent;
        if (s.parentHash() == null) {
            parent = RequestKeys.root(s.loraName());
        } else {
            Block up = p.byEngineHash.get(s.parentHash());
            if (up == null) {
                unkeyed.addAndGet(hashes.length);
                return;
            }
            parent = up.key;
        }
        for (int i = 0; i < hashes.length; i++) {
            long key = RequestKeys.chain(parent, s.tokens(), i * size, size, s.extra(i));
            Block block = p.byEngineHash.get(hashes[i]);
            if (block == null) {
                block = new Block();
                block.key = key;
                p.byEngineHash.put(hashes[i], block);
                blocks.incrementAndGet();
            } else if (block.key != key) {
                // the engine reused a hash for other tokens (a restart with the same seed, a collision): re-key
                int mask = block.mask();
                java.util.Arrays.fill(block.counts, (byte) 0);
                updateHolder(block.key, p.ordinal, mask, 0);
                block.key = key;
            }
            block.storedMillis = Math.max(block.storedMillis, engineMillis);
            addMedium(p, block, medium);
            parent = key;
        }
    }

    private void removed(PodBlocks p, KvEvent.BlockRemoved r) {
        int medium = r.medium().ordinal();
        for (long h : r.blockHashes()) {
            Block block = p.byEngineHash.get(h);
            if (block == null || block.counts[medium] == 0) {
                continue;
            }
            int before = block.mask();
            block.counts[medium]--;
            int after = block.mask();
            if (after == 0) {
                p.byEngineHash.remove(h);
                blocks.decrementAndGet();
            }
            if (after != before) {
                updateHolder(block.key, p.ordinal, before, after);
            }
        }
    }

    private void addMedium(PodBlocks p, Block block, int medium) {
        int before = block.mask();
        if (block.counts[medium] != Byte.MAX_VALUE) {
            block.counts[medium]++;
        }
        int after = block.mask();
        if (after != before) {
            updateHolder(block.key, p.ordinal, before, after);
        }
    }

    private void clearLocked(PodBlocks p) {
        for (Block block : p.byEngineHash.values()) {
            updateHolder(block.key, p.ordinal, block.mask(), 0);
        }
        blocks.addAndGet(-p.byEngineHash.size());
        p.byEngineHash.clear();
    }

    /** Sets the pod's mask in the key's holders ({@code after} 0 = the pod no longer holds it). */
    private void updateHolder(long key, int ordinal, int before, int after) {
        holders.compute(key, (k, held) -> {
            long entry = ((long) ordinal << 8) | after;
            if (held == null) {
                return after == 0 ? null : new long[] {entry};
            }
            for (int i = 0; i < held.length; i++) {
                if ((held[i] >>> 8) == ordinal) {
                    if (after == 0) {
                        if (held.length == 1) {
                            return null;
                        }
                        long[] less = new long[held.length - 1];
                        System.arraycopy(held, 0, less, 0, i);
                        System.arraycopy(held, i + 1, less, i, held.length - i - 1);
                        return less;
                    }
                    long[] copy = held.clone();
                    copy[i] = entry;
                    return copy;
                }
            }
            if (after == 0) {
                return held;
            }
            long[] more = java.util.Arrays.copyOf(held, held.length + 1);
            more[held.length] = entry;
            return more;
        });
    }

    /** Drops the oldest blocks of the pod holding the most, until the index is within its budget. */
    private void evict() {
        if (!evicting.tryLock()) {
            return; // another thread is evicting; this store will be paid for by it
        }
        try {
            while (blocks.get() * BYTES_PER_BLOCK > maxBytes) {
                PodBlocks largest = null;
                int most = 0;
                for (PodBlocks p : pods.values()) {
                    int size = p.byEngineHash.size(); // racy read, only to choose
                    if (size > most) {
                        most = size;
                        largest = p;
                    }
                }
                if (largest == null) {
                    return;
                }
                largest.lock.lock();
                try {
                    Iterator<Map.Entry<Long, Block>> it = largest.byEngineHash.entrySet().iterator();
                    for (int i = 0; i < EVICT_BATCH && it.hasNext(); i++) {
                        Block block = it.next().getValue();
                        it.remove();
                        updateHolder(block.key, largest.ordinal, block.mask(), 0);
                        blocks.decrementAndGet();
                        evictions.incrementAndGet();
                    }
                } finally {
                    largest.lock.unlock();
                }
            }
        } finally {
            evicting.unlock();
        }
    }

    private static int maskOf(long[] held, int ordinal) {
        for (long entry : held) {
            if ((entry >>> 8) == ordinal) {
                return (int) (entry & 0xFF);
            }
        }
        return 0;
    }

    private static double bestWeight(int mask, double[] weights) {
        double best = 0;
        for (int m = 0; m < weights.length; m++) {
            if ((mask & (1 << m)) != 0 && weights[m] > best) {
                best = weights[m];
            }
        }
        return best;
    }
}
