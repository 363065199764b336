package io.llmrouter.domain.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PodBlockTableTest {

    @Test
    void recordAll_overCapacity_evictsAndStaysBounded() {
        PodBlockTable table = new PodBlockTable(100);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            table.recordAll(new long[] {random.nextLong()});
        }
        assertEquals(100, table.size());
        assertEquals(900, table.evictions());
    }

    @Test
    void recordAll_recentlyRecordedBlocksSurviveEviction() {
        PodBlockTable table = new PodBlockTable(64);
        long[] hot = {11, 12, 13, 14};
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 500; i++) {
            table.recordAll(hot); // refreshed every round: second chance keeps them
            table.recordAll(new long[] {random.nextLong()});
        }
        for (long h : hot) {
            assertTrue(table.contains(h), "hot block " + h + " evicted");
        }
    }

    @Test
    void contains_afterManyEvictions_findsEveryRemainingKey() {
        // Backward-shift deletion must keep every remaining key reachable from its home slot.
        PodBlockTable table = new PodBlockTable(50);
        for (long k = 1; k <= 5000; k++) {
            table.recordAll(new long[] {k * 0x9E3779B97F4A7C15L});
        }
        int found = 0;
        for (int i = 0; i < table.keys.length; i++) {
            if (table.keys[i] != 0 && table.contains(table.keys[i])) {
                found++;
            }
        }
        assertEquals(table.size, found);
        assertFalse(table.contains(42));
    }

    @Test
    void bytes_perEntryAtCapacity_underSixtyFour() {
        PodBlockTable table = new PodBlockTable(50_000);
        assertTrue(table.bytes() / 50_000.0 < 64, "bytes per entry " + table.bytes() / 50_000.0);
    }
}
