package io.llmrouter.domain.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.resource.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Records, lookups and removals of a few pods from many threads at once. Tables grow while they
 * are removed, records race removals of the same pod, lookups lift tombstones: whatever the
 * interleaving, once every pod is removed no table may be left and every byte must be back.
 */
class PrefixIndexConcurrencyTest {

    private static final int THREADS = 8;
    private static final int PODS = 4;
    private static final int ROUNDS = 40;
    private static final int OPS_PER_ROUND = 400;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void recordLookupRemove_manyThreads_budgetReturnsToZeroAndNothingIsResurrected() throws Exception {
        long budget = 2L << 20;
        PrefixIndex index = new PrefixIndex(8192, budget);
        List<ResourceId> pods = new ArrayList<>();
        for (int p = 0; p < PODS; p++) {
            pods.add(ResourceId.of("default", "p" + p));
        }
        long floor = PODS * PodBlockTable.bytesFor(PodBlockTable.INITIAL_CAPACITY);
        // Each round: every thread does random operations; then, at a barrier, all pods are removed
        // with writers still holding tables; then late records (no lookup in between) must be dropped.
        CyclicBarrier endOfRound = new CyclicBarrier(THREADS + 1);
        CyclicBarrier lateRecordsDone = new CyclicBarrier(THREADS + 1);
        CyclicBarrier nextRound = new CyclicBarrier(THREADS + 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            SplittableRandom random = new SplittableRandom(100 + t);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int round = 0; round < ROUNDS; round++) {
                        for (int i = 0; i < OPS_PER_ROUND; i++) {
                            ResourceId pod = pods.get(random.nextInt(PODS));
                            int op = random.nextInt(20);
                            long[] hashes = prompt(random);
                            if (op == 0) {
                                index.remove(pod);
                            } else if (op < 8) {
                                int matched = index.matchLength(pod, hashes);
                                assertTrue(matched >= 0 && matched <= hashes.length);
                            } else {
                                index.record(pod, hashes);
                            }
                            assertTrue(index.bytes() <= budget + floor, "over budget: " + index.bytes());
                        }
                        endOfRound.await(30, TimeUnit.SECONDS);
                        // Pods are removed now: these are requests placed before the removal.
                        for (ResourceId pod : pods) {
                            index.record(pod, prompt(random));
                        }
                        lateRecordsDone.await(30, TimeUnit.SECONDS);
                        nextRound.await(30, TimeUnit.SECONDS);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    endOfRound.reset();
                    lateRecordsDone.reset();
                    nextRound.reset();
                }
            }));
        }
        for (int round = 0; round < ROUNDS && failure.get() == null; round++) {
            endOfRound.await(30, TimeUnit.SECONDS);
            for (ResourceId pod : pods) {
                index.remove(pod);
            }
            lateRecordsDone.await(30, TimeUnit.SECONDS);
            assertEquals(0, index.tables(), "round " + round + ": a late record resurrected a table");
            assertEquals(0, index.bytes(), "round " + round + ": bytes not released");
            assertEquals(0, index.entries());
            // Every pod is ranked again (re-added) before the next round.
            for (ResourceId pod : pods) {
                assertEquals(0, index.matchLength(pod, new long[] {1}));
            }
            nextRound.await(30, TimeUnit.SECONDS);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    /** 1–64 blocks: a shared 16-block head (so matches are long and tables grow), then new blocks. */
    private static long[] prompt(SplittableRandom random) {
        int length = 1 + random.nextInt(64);
        long[] hashes = new long[length];
        long group = random.nextInt(8);
        for (int i = 0; i < length; i++) {
            hashes[i] = i < 16 ? group * 1_000_003L + i + 2 : random.nextLong() | 2;
        }
        return hashes;
    }
}
