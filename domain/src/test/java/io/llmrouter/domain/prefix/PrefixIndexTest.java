package io.llmrouter.domain.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.resource.ResourceId;
import org.junit.jupiter.api.Test;

class PrefixIndexTest {

    private static final ResourceId POD = ResourceId.of("default", "p");

    @Test
    void matchLength_leadingBlocksHeld_countsThem() {
        PrefixIndex index = new PrefixIndex(1000, 1 << 20);
        index.record(POD, new long[] {1, 2, 3, 4});
        assertEquals(4, index.matchLength(POD, new long[] {1, 2, 3, 4, 5, 6}));
        assertEquals(2, index.matchLength(POD, new long[] {1, 2, 9, 4}));
        assertEquals(0, index.matchLength(POD, new long[] {9, 2, 3}));
        assertEquals(0, index.matchLength(ResourceId.of("default", "other"), new long[] {1}));
    }

    @Test
    void record_manyBusyPods_totalStaysWithinBudgetPlusOneSmallTablePerPod() {
        long budget = 1 << 20;
        PrefixIndex index = new PrefixIndex(50_000, budget);
        long[] many = new long[5000];
        for (int pod = 0; pod < 512; pod++) {
            for (int i = 0; i < many.length; i++) {
                many[i] = pod * 1_000_003L + i + 1;
            }
            index.record(ResourceId.of("default", "p" + pod), many);
        }
        long floor = 512 * PodBlockTable.bytesFor(PodBlockTable.INITIAL_CAPACITY);
        assertTrue(index.bytes() <= budget + floor, index.bytes() + " > " + budget + " + " + floor);
        assertTrue(index.evictions() > 0);
    }

    @Test
    void record_budgetLeftByARemovedPod_letsAnotherGrow() {
        PrefixIndex index = new PrefixIndex(50_000, 200_000);
        ResourceId other = ResourceId.of("default", "q");
        index.record(POD, blocks(0, 20_000));   // p grows first and takes most of the budget
        index.record(other, blocks(1_000_000, 20_000));
        index.remove(POD);
        long qBefore = index.entries();
        index.record(other, blocks(2_000_000, 20_000));
        assertTrue(index.entries() > qBefore, "q should have grown into the freed budget: " + qBefore + " -> "
                + index.entries());
        assertTrue(index.bytes() <= 200_000 + PodBlockTable.bytesFor(PodBlockTable.INITIAL_CAPACITY));
    }

    private static long[] blocks(long from, int count) {
        long[] hashes = new long[count];
        for (int i = 0; i < count; i++) {
            hashes[i] = from + i + 1;
        }
        return hashes;
    }
}
