package io.llmrouter.sim.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A paged KV cache with prefix reuse, after vLLM V1's block pool (engines.md Part C).
 *
 * <p>Contract: not thread-safe; the engine core calls it under its lock. Only full blocks are
 * hashed. {@link #usage()} is blocks in use (referenced) over capacity; cached blocks that no
 * request references count as free, as in vLLM's {@code kv_cache_usage_perc}.
 *
 * <pre>
 * Free queue: a doubly linked list of blocks with refCount == 0, oldest-freed at the head.
 *  - allocate(n): pop n blocks from the head; a popped block that still has a hash is evicted
 *    from the hash map (LRU eviction of free blocks).
 *  - touch(hit blocks): refCount++, and a block at refCount 0 leaves the free queue.
 *  - free(blocks): walk the request's blocks in REVERSE and append each one reaching refCount 0
 *    to the tail, so a request's deepest blocks are evicted first and shared prefixes survive.
 *  - a block whose hash already maps to another block (a duplicate) is not registered.
 * All operations are O(blocks touched); the hash map gives O(1) lookup per block.
 * </pre>
 */
public final class BlockKvCache {

    private final int blockSize;
    private final KvBlock[] blocks;
    private final KvBlock head = new KvBlock(-1); // sentinel: head.next is the LRU block
    private final Map<Long, KvBlock> cached = new HashMap<>();
    private int freeCount;
    /** Told of every hash registered, evicted or reset, for KV events; set once at start-up. */
    private KvCacheListener listener = KvCacheListener.NONE;

    public void listener(KvCacheListener listener) {
        this.listener = java.util.Objects.requireNonNull(listener, "'listener' must not be null");
    }

    KvCacheListener listener() {
        return listener;
    }

    public BlockKvCache(int numBlocks, int blockSize) {
        this.blockSize = blockSize;
        this.blocks = new KvBlock[numBlocks];
        head.prev = head;
        head.next = head;
        for (int i = 0; i < numBlocks; i++) {
            blocks[i] = new KvBlock(i);
            appendFree(blocks[i]);
        }
    }

    public int blockSize() {
        return blockSize;
    }

    public int capacity() {
        return blocks.length;
    }

    public int freeBlocks() {
        return freeCount;
    }

    public int usedBlocks() {
        return blocks.length - freeCount;
    }

    /** Referenced blocks over capacity, in [0, 1]. */
    public double usage() {
        return usedBlocks() / (double) blocks.length;
    }

    /** Blocks that currently hold a registered hash (referenced or reusable). */
    public int cachedBlocks() {
        return cached.size();
    }

    /** Number of leading hashes, at most {@code maxBlocks}, whose blocks are cached. */
    int cachedPrefixBlocks(long[] hashes, int maxBlocks) {
        int hits = 0;
        while (hits < maxBlocks && hits < hashes.length && cached.containsKey(hashes[hits])) {
            hits++;
        }
        return hits;
    }

    /** Takes a reference on the first {@code count} cached blocks of {@code hashes}. */
    List<KvBlock> touch(long[] hashes, int count) {
        List<KvBlock> taken = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            KvBlock block = cached.get(hashes[i]);
            if (block.refCount++ == 0) {
                unlinkFree(block);
            }
            taken.add(block);
        }
        return taken;
    }

    /** Pops {@code n} blocks from the free queue, or returns null (taking nothing) if too few. */
    List<KvBlock> allocate(int n) {
        if (n > freeCount) {
            return null;
        }
        List<KvBlock> taken = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            KvBlock block = head.next;
            unlinkFree(block);
            if (block.hashed) {
                cached.remove(block.hash, block);
                block.hashed = false;
                listener.blockRemoved(block.hash);
            }
            block.refCount = 1;
            taken.add(block);
        }
        return taken;
    }

    /** Registers a full block's hash so later requests can reuse it (duplicates are skipped); true if registered. */
    boolean register(KvBlock block, long hash) {
        if (block.hashed || cached.containsKey(hash)) {
            return false;
        }
        block.hash = hash;
        block.hashed = true;
        cached.put(hash, block);
        return true;
    }

    /** Drops one reference per block, walking in reverse so the deepest blocks are evicted first. */
    void free(List<KvBlock> owned) {
        for (int i = owned.size() - 1; i >= 0; i--) {
            KvBlock block = owned.get(i);
            if (--block.refCount == 0) {
                appendFree(block);
            }
        }
    }

    /** Forgets every hash of an unreferenced block (SGLang {@code /flush_cache}, vLLM {@code /reset_prefix_cache}). */
    public void resetPrefixCache() {
        cached.values().removeIf(block -> {
            if (block.refCount > 0) {
                return false;
            }
            block.hashed = false;
            listener.blockRemoved(block.hash);
            return true;
        });
    }

    private void appendFree(KvBlock block) {
        block.prev = head.prev;
        block.next = head;
        head.prev.next = block;
        head.prev = block;
        freeCount++;
    }

    private void unlinkFree(KvBlock block) {
        block.prev.next = block.next;
        block.next.prev = block.prev;
        block.prev = null;
        block.next = null;
        freeCount--;
    }
}
