package io.llmrouter.sim.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlockKvCacheTest {

    private static final long[] HASHES = {11, 22, 33};

    /** Allocates three blocks, registers them as one request's prefix chain, frees them. */
    private static BlockKvCache cacheWithFreedChain(int capacity) {
        BlockKvCache cache = new BlockKvCache(capacity, 16);
        List<KvBlock> blocks = cache.allocate(3);
        for (int i = 0; i < 3; i++) {
            cache.register(blocks.get(i), HASHES[i]);
        }
        cache.free(blocks);
        return cache;
    }

    @Test
    void free_requestBlocks_deepestBlockIsEvictedFirst() {
        BlockKvCache cache = cacheWithFreedChain(3);
        cache.allocate(1); // pops the head of the free queue
        // blocks were appended in reverse (33, 22, 11), so 33 (the deepest) went first
        assertEquals(2, cache.cachedPrefixBlocks(HASHES, 3));
    }

    @Test
    void allocate_moreThanFree_returnsNullAndTakesNothing() {
        BlockKvCache cache = new BlockKvCache(4, 16);
        cache.allocate(3);
        assertNull(cache.allocate(2));
        assertEquals(1, cache.freeBlocks());
    }

    @Test
    void touch_cachedFreeBlocks_leaveFreeQueueAndCountAsUsed() {
        BlockKvCache cache = cacheWithFreedChain(8);
        assertEquals(0, cache.usedBlocks());
        cache.touch(HASHES, 2);
        assertEquals(2, cache.usedBlocks());
        assertEquals(2.0 / 8, cache.usage());
        // the touched blocks are not in the free queue, so allocating all free blocks keeps them cached
        cache.allocate(cache.freeBlocks());
        assertEquals(2, cache.cachedPrefixBlocks(HASHES, 3));
    }

    @Test
    void register_duplicateHash_keepsFirstBlock() {
        BlockKvCache cache = new BlockKvCache(4, 16);
        List<KvBlock> first = cache.allocate(1);
        List<KvBlock> second = cache.allocate(1);
        cache.register(first.get(0), 7);
        cache.register(second.get(0), 7);
        assertEquals(1, cache.cachedBlocks());
    }

    @Test
    void resetPrefixCache_unreferencedBlocks_forgetsTheirHashes() {
        BlockKvCache cache = cacheWithFreedChain(4);
        cache.resetPrefixCache();
        assertEquals(0, cache.cachedPrefixBlocks(HASHES, 3));
    }

    @Test
    void chain_sameTokensDifferentParentOrAdapter_differentHashes() {
        int[] tokens = new int[16];
        long root = BlockHasher.root(1);
        long base = BlockHasher.chain(root, tokens, 0, 16, 0);
        assertEquals(base, BlockHasher.chain(root, tokens, 0, 16, 0));
        assertEquals(false, base == BlockHasher.chain(root + 1, tokens, 0, 16, 0));
        assertEquals(false, base == BlockHasher.chain(root, tokens, 0, 16, BlockHasher.adapterKey("sql-lora")));
    }
}
