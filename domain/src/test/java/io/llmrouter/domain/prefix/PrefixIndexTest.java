package io.llmrouter.domain.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.resource.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
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
    void forget_takesBackOnlyWhatTheRecordAdded() {
        PrefixIndex index = new PrefixIndex(1000, 1 << 20);
        index.record(POD, new long[] {1, 2});
        long[] added = index.record(POD, new long[] {1, 2, 3, 4});
        assertEquals(4, index.matchLength(POD, new long[] {1, 2, 3, 4}));
        assertEquals(2, added.length, "1 and 2 were already held");
        index.forget(POD, added);
        assertEquals(2, index.matchLength(POD, new long[] {1, 2, 3, 4}), "the earlier record stays");
        assertEquals(2, index.entries());
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

    @Test
    void matchLength_middleBlockMissing_stopsAtTheHole() {
        // Block 1 is not held but blocks 2 and 3 are (as after an eviction of block 1): only block 0
        // is usable, whatever the later blocks say.
        PrefixIndex index = new PrefixIndex(1000, 1 << 20);
        index.record(POD, new long[] {11});
        index.record(POD, new long[] {13, 14});
        assertEquals(1, index.matchLength(POD, new long[] {11, 12, 13, 14}));
    }

    @Test
    void matchLength_afterClockEviction_neverClaimsMoreThanTheContiguouslyHeldPrefix() {
        // The case: 40 prompts of 32 blocks (a shared 8-block system prompt, then their own)
        // into a 256-entry table; CLOCK evicts in slot order, leaving holes inside prompts.
        PrefixIndex index = new PrefixIndex(256, 1 << 24);
        SplittableRandom random = new SplittableRandom(7);
        byte[] system = new byte[8 * 64];
        random.nextBytes(system);
        List<long[]> prompts = new ArrayList<>();
        for (int p = 0; p < 40; p++) {
            byte[] text = new byte[32 * 64];
            System.arraycopy(system, 0, text, 0, system.length);
            for (int i = system.length; i < text.length; i++) {
                text[i] = (byte) random.nextInt();
            }
            long[] hashes = BlockHashes.compute(text, new BlockHashes.Spec("m", 64, 128));
            prompts.add(hashes);
            index.record(POD, hashes);
        }
        assertTrue(index.evictions() > 0);
        Set<Long> held = HeldBlocks.of(index.table(POD));
        int over = 0;
        int holes = 0;
        int wrong = 0;
        for (long[] hashes : prompts) {
            int contiguous = HeldBlocks.contiguous(held, hashes);
            int reported = index.matchLength(POD, hashes);
            if (reported > contiguous) {
                over++;
            }
            if (contiguous < hashes.length && held.contains(hashes[hashes.length - 1])) {
                holes++;
            }
            if (reported != contiguous) {
                wrong++;
            }
        }
        assertEquals(0, over, over + " of 40 matches claimed more than was held (" + holes + " prompts with holes)");
        assertEquals(0, wrong, wrong + " of 40 matches differ from the contiguously held prefix");
        assertTrue(holes > 0, "the scenario must contain prompts with holes to test anything");
    }

    @Test
    void record_afterRemove_isDroppedAndHoldsNoBudget() {
        // A request placed before the removal is dispatched after it: it must not recreate a table
        // whose bytes no later removal would release.
        PrefixIndex index = new PrefixIndex(1000, 1 << 20);
        index.record(POD, blocks(0, 10));
        index.remove(POD);
        index.record(POD, blocks(0, 10));
        assertNull(index.table(POD));
        assertEquals(0, index.bytes());
        assertEquals(0, index.entries());
    }

    @Test
    void remove_closesTheTableALateRecordAlreadyHolds() {
        // A record that fetched the table just before the removal must not grow it afterwards: its
        // growth would be reserved from the budget and never given back.
        PrefixIndex index = new PrefixIndex(50_000, 1 << 24);
        index.record(POD, blocks(0, 10));
        PodBlockTable table = index.table(POD);
        index.remove(POD);
        table.recordAll(blocks(100, 5000));
        assertEquals(10, table.size());
        assertEquals(0, index.bytes());
    }

    @Test
    void reAddedPod_afterItsNextLookup_learnsAgainFromNothing() {
        PrefixIndex index = new PrefixIndex(1000, 1 << 20);
        index.record(POD, new long[] {1, 2, 3});
        index.remove(POD);
        assertEquals(0, index.matchLength(POD, new long[] {1, 2, 3})); // ranked again: it is back
        index.record(POD, new long[] {1, 7});
        assertNotNull(index.table(POD));
        assertEquals(1, index.matchLength(POD, new long[] {1, 2, 3}));
        assertEquals(2, index.entries());
        assertEquals(PodBlockTable.bytesFor(PodBlockTable.INITIAL_CAPACITY), index.bytes());
    }

    @Test
    void remove_manyPodsThatNeverComeBack_keepsTombstonesBounded() {
        PrefixIndex index = new PrefixIndex(1000, 1 << 20);
        for (int i = 0; i < PrefixIndex.MAX_TOMBSTONES + 100; i++) {
            index.remove(ResourceId.of("default", "gone-" + i));
        }
        index.record(ResourceId.of("default", "gone-0"), new long[] {1}); // its tombstone was trimmed
        assertEquals(1, index.tables());
        index.record(ResourceId.of("default", "gone-" + (PrefixIndex.MAX_TOMBSTONES + 99)), new long[] {1});
        assertEquals(1, index.tables());
    }

    private static long[] blocks(long from, int count) {
        long[] hashes = new long[count];
        for (int i = 0; i < count; i++) {
            hashes[i] = from + i + 1;
        }
        return hashes;
    }
}
