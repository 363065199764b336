package io.llmrouter.domain.kvcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KvBlockIndexTest {

    static final ResourceId A = ResourceId.of("default", "a");
    static final ResourceId B = ResourceId.of("default", "b");
    static final double[] WEIGHTS = {1.0, 0.8, 0.8, 0.8};

    static int[] tokens(int n, int seed) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = seed * 1000 + i;
        }
        return t;
    }

    static long[] engineHashes(int n, long base) {
        long[] h = new long[n];
        for (int i = 0; i < n; i++) {
            h[i] = base + i;
        }
        return h;
    }

    static KvEvent.BlockStored stored(long[] hashes, Long parent, int[] tokens, Medium medium) {
        return new KvEvent.BlockStored(hashes, parent, tokens, 4, null, null, medium);
    }

    @Test
    void indexKeysEqualKeysComputedFromTheSameTokensWhateverTheEngineHashes() {
        KvBlockIndex index = new KvBlockIndex(1 << 20, Ticker.disabled());
        int[] t = tokens(12, 1);
        // the first two blocks in one event, the third chained on by its parent's engine hash
        index.apply(A, stored(new long[] {900, 901}, null, java.util.Arrays.copyOf(t, 8), Medium.GPU));
        index.apply(A, stored(new long[] {902}, 901L, java.util.Arrays.copyOfRange(t, 8, 12), Medium.GPU));
        // pod B's engine uses another seed: other engine hashes, same request keys
        index.apply(B, stored(new long[] {-5, 77, 123456789L}, null, t, Medium.GPU));
        long[] keys = RequestKeys.of(t, 4, 128, null, null);
        assertEquals(3, keys.length);
        for (long key : keys) {
            assertEquals(Medium.GPU.bit(), index.heldBy(A, key));
            assertEquals(Medium.GPU.bit(), index.heldBy(B, key));
        }
        assertEquals(3, index.keys());
        assertArrayEquals(new double[] {3, 3}, index.weightedRuns(keys, List.of(A, B), WEIGHTS));
    }

    @Test
    void loraNameAndCacheSaltChangeTheKeys() {
        int[] t = tokens(8, 2);
        long[] base = RequestKeys.of(t, 4, 128, null, null);
        long[] lora = RequestKeys.of(t, 4, 128, "sql-lora", null);
        long[] salted = RequestKeys.of(t, 4, 128, null, "tenant-1");
        assertNotEquals(base[0], lora[0]);
        assertNotEquals(base[1], lora[1]);
        assertNotEquals(base[0], salted[0]);
        assertNotEquals(base[1], salted[1]); // the salt reaches later blocks through the chain
        KvBlockIndex index = new KvBlockIndex(1 << 20, Ticker.disabled());
        index.apply(A, new KvEvent.BlockStored(new long[] {1, 2}, null, t, 4, "sql-lora", null, Medium.GPU));
        assertArrayEquals(new double[] {2}, index.weightedRuns(lora, List.of(A), WEIGHTS));
        assertArrayEquals(new double[] {0}, index.weightedRuns(base, List.of(A), WEIGHTS));
        index.apply(B, new KvEvent.BlockStored(new long[] {1, 2}, null, t, 4, null, new String[] {"tenant-1", null},
                Medium.GPU));
        assertArrayEquals(new double[] {2}, index.weightedRuns(salted, List.of(B), WEIGHTS));
    }

    @Test
    void onlyFullBlocksHaveKeys() {
        assertEquals(2, RequestKeys.of(tokens(11, 1), 4, 128, null, null).length);
        assertEquals(0, RequestKeys.of(tokens(3, 1), 4, 128, null, null).length);
        assertEquals(1, RequestKeys.of(tokens(11, 1), 4, 1, null, null).length);
    }

    @Test
    void offloadedBlocksWeighLessAndRemovalIsPerMedium() {
        KvBlockIndex index = new KvBlockIndex(1 << 20, Ticker.disabled());
        int[] t = tokens(8, 3);
        long[] keys = RequestKeys.of(t, 4, 128, null, null);
        index.apply(A, stored(new long[] {1, 2}, null, t, Medium.GPU));
        // offload to CPU: BlockStored without tokens, found by engine hash
        index.apply(A, new KvEvent.BlockStored(new long[] {1, 2}, null, new int[0], 4, null, null, Medium.parse("CPU")));
        index.apply(A, new KvEvent.BlockRemoved(new long[] {1, 2}, Medium.GPU));
        assertEquals(Medium.CPU.bit(), index.heldBy(A, keys[0]));
        assertArrayEquals(new double[] {1.6}, index.weightedRuns(keys, List.of(A), WEIGHTS), 1e-9);
        index.apply(A, new KvEvent.BlockRemoved(new long[] {1}, Medium.CPU));
        assertEquals(0, index.heldBy(A, keys[0]));
        assertArrayEquals(new double[] {0}, index.weightedRuns(keys, List.of(A), WEIGHTS), 1e-9);
        assertEquals(1, index.blocks());
    }

    @Test
    void aHoleEndsTheRunAndUnknownPodsAreNaN() {
        KvBlockIndex index = new KvBlockIndex(1 << 20, Ticker.disabled());
        int[] t = tokens(12, 4);
        long[] keys = RequestKeys.of(t, 4, 128, null, null);
        index.apply(A, stored(new long[] {1, 2, 3}, null, t, Medium.GPU));
        index.apply(A, new KvEvent.BlockRemoved(new long[] {2}, Medium.GPU));
        double[] runs = index.weightedRuns(keys, List.of(A, B), WEIGHTS);
        assertEquals(1.0, runs[0]);
        assertTrue(Double.isNaN(runs[1]));
    }

    @Test
    void clearedAndRemovedPodsLeaveNothingBehind() {
        KvBlockIndex index = new KvBlockIndex(1 << 20, Ticker.disabled());
        int[] t = tokens(8, 5);
        index.apply(A, stored(new long[] {1, 2}, null, t, Medium.GPU));
        index.apply(B, stored(new long[] {1, 2}, null, t, Medium.GPU));
        index.apply(A, new KvEvent.AllBlocksCleared());
        assertEquals(0, index.blocksOf(A));
        assertTrue(index.hasEvents(A));
        assertEquals(2, index.keys());
        index.removePod(B);
        assertEquals(0, index.keys());
        assertEquals(0, index.blocks());
        assertTrue(!index.hasEvents(B));
    }

    @Test
    void unknownParentIsCountedNotGuessed() {
        KvBlockIndex index = new KvBlockIndex(1 << 20, Ticker.disabled());
        index.apply(A, stored(new long[] {5}, 4L, tokens(4, 6), Medium.GPU));
        assertEquals(1, index.unkeyed());
        assertEquals(0, index.blocks());
        index.apply(A, stored(new long[] {5, 6}, null, tokens(7, 6), Medium.GPU)); // 7 tokens for 2 blocks of 4
        assertEquals(3, index.unkeyed());
    }

    @Test
    void theByteBudgetHoldsAndEvictionsAreCounted() {
        long budget = 1000L * KvBlockIndex.BYTES_PER_BLOCK;
        KvBlockIndex index = new KvBlockIndex(budget, Ticker.disabled());
        for (int seq = 0; seq < 100; seq++) {
            ResourceId pod = seq % 2 == 0 ? A : B;
            index.apply(pod, stored(engineHashes(50, seq * 100L), null, tokens(200, seq), Medium.GPU));
            assertTrue(index.bytes() <= budget, "bytes " + index.bytes());
        }
        assertEquals(5000 - index.blocks(), index.evictions());
        assertTrue(index.evictions() >= 4000);
        // the newest sequence survives eviction (oldest first)
        long[] newest = RequestKeys.of(tokens(200, 99), 4, 128, null, null);
        assertEquals(50.0, index.weightedRuns(newest, List.of(B), WEIGHTS)[0]);
    }

    /** Invariants under random event streams: the holders agree with a simple model of each pod's blocks. */
    @Test
    void randomEventStreamsKeepHoldersAndCountsConsistent() {
        Gen<List<int[]>> ops = Gen.ints(0, 1 << 20).map(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            List<int[]> list = new ArrayList<>();
            for (int i = 0, n = r.nextInt(1, 60); i < n; i++) {
                list.add(new int[] {r.nextInt(4), r.nextInt(2), r.nextInt(6), r.nextInt(2), r.nextInt(1, 4)});
            }
            return list;
        });
        Property.check("index matches a model", 300, ops, list -> {
            KvBlockIndex index = new KvBlockIndex(1 << 20, Ticker.disabled());
            // model: pod → engine hash → medium counts; sequences are fixed token runs, hash = seq*10+block
            Map<ResourceId, Map<Long, int[]>> model = new HashMap<>();
            for (int[] op : list) {
                ResourceId pod = op[1] == 0 ? A : B;
                int seq = op[2];
                Medium medium = op[3] == 0 ? Medium.GPU : Medium.CPU;
                int n = op[4];
                long[] hashes = engineHashes(n, seq * 10L);
                Map<Long, int[]> blocks = model.computeIfAbsent(pod, p -> new HashMap<>());
                switch (op[0]) {
                    case 0, 1 -> {
                        index.apply(pod, stored(hashes, null, tokens(4 * n, seq), medium));
                        for (long h : hashes) {
                            blocks.computeIfAbsent(h, x -> new int[2])[medium.ordinal()]++;
                        }
                    }
                    case 2 -> {
                        index.apply(pod, new KvEvent.BlockRemoved(hashes, medium));
                        for (long h : hashes) {
                            int[] c = blocks.get(h);
                            if (c != null && c[medium.ordinal()] > 0 && --c[medium.ordinal()] == 0 && c[0] + c[1] == 0) {
                                blocks.remove(h);
                            }
                        }
                    }
                    default -> {
                        index.apply(pod, new KvEvent.AllBlocksCleared());
                        blocks.clear();
                    }
                }
            }
            long total = model.values().stream().mapToLong(Map::size).sum();
            assertEquals(total, index.blocks());
            Set<Long> heldKeys = new HashSet<>();
            for (ResourceId pod : List.of(A, B)) {
                for (int seq = 0; seq < 6; seq++) {
                    long[] keys = RequestKeys.of(tokens(12, seq), 4, 128, null, null);
                    for (int b = 0; b < 3; b++) {
                        int[] c = model.getOrDefault(pod, Map.of()).get(seq * 10L + b);
                        int mask = c == null ? 0 : (c[0] > 0 ? 1 : 0) | (c[1] > 0 ? 2 : 0);
                        assertEquals(mask, index.heldBy(pod, keys[b]), "pod " + pod + " seq " + seq + " block " + b);
                        if (mask != 0) {
                            heldKeys.add(keys[b]);
                        }
                    }
                }
            }
            assertEquals(heldKeys.size(), index.keys());
        });
    }

    @Test
    void anEngineStartDropsTheBlocksStoredBeforeItAndKeepsTheNewProcesssOwn() {
        KvBlockIndex index = new KvBlockIndex(1 << 20, Ticker.disabled());
        int[] old = tokens(8, 1);
        int[] fresh = tokens(8, 2);
        int[] both = tokens(4, 3);
        index.apply(A, stored(engineHashes(2, 100), null, old, Medium.GPU), 1_000);
        index.apply(A, stored(new long[] {300}, null, both, Medium.GPU), 1_500);
        index.apply(B, stored(engineHashes(2, 100), null, old, Medium.GPU), 1_000);
        // A's engine restarts at t=2000; its new process stores other blocks, and one with the same hash
        // (a fixed PYTHONHASHSEED) before the router notices the restart
        index.apply(A, stored(engineHashes(2, 200), null, fresh, Medium.GPU), 2_500);
        index.apply(A, stored(new long[] {300}, null, both, Medium.GPU), 2_600);
        assertEquals(5, index.blocksOf(A));
        index.engineStarted(A, 2_000);
        long[] oldKeys = RequestKeys.of(old, 4, 128, null, null);
        for (long key : oldKeys) {
            assertEquals(0, index.heldBy(A, key), "the old process's blocks are gone");
            assertEquals(Medium.GPU.bit(), index.heldBy(B, key), "another pod's are not touched");
        }
        for (long key : RequestKeys.of(fresh, 4, 128, null, null)) {
            assertEquals(Medium.GPU.bit(), index.heldBy(A, key), "the new process's blocks stay");
        }
        long bothKey = RequestKeys.of(both, 4, 128, null, null)[0];
        assertEquals(Medium.GPU.bit(), index.heldBy(A, bothKey));
        assertEquals(3, index.blocksOf(A));
        assertEquals(2, index.restartDropped());
        // the block stored by both processes counts once: one removal by the new process drops it
        index.apply(A, new KvEvent.BlockRemoved(new long[] {300}, Medium.GPU), 2_700);
        assertEquals(0, index.heldBy(A, bothKey));
        // the same start again, or an older one, changes nothing; blocks of unknown time count as old
        index.engineStarted(A, 2_000);
        index.engineStarted(A, 1_000);
        assertEquals(2, index.blocksOf(A));
        index.apply(A, stored(engineHashes(1, 400), null, tokens(4, 4), Medium.GPU));
        index.engineStarted(A, 2_001);
        assertEquals(2, index.blocksOf(A));
        assertEquals(4, index.blocks());
        // an unknown pod: nothing to drop, nothing created
        index.engineStarted(ResourceId.of("default", "c"), 5_000);
        assertTrue(!index.hasEvents(ResourceId.of("default", "c")));
    }
}
