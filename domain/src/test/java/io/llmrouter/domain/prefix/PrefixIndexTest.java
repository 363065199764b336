package io.llmrouter.domain.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void record_memoryBudget_capsEachNewPodsTable() {
        // 9 bytes per slot, up to 4 slots per entry: a 36 KB budget allows 1000 entries for one pod, 500 for the 2nd.
        PrefixIndex index = new PrefixIndex(50_000, 36_000);
        long[] many = new long[5000];
        for (int i = 0; i < many.length; i++) {
            many[i] = i + 1;
        }
        index.record(POD, many);
        index.record(ResourceId.of("default", "q"), many);
        assertEquals(1000 + 500, index.entries());
        assertEquals(5000 - 1000 + 5000 - 500, index.evictions());
    }
}
