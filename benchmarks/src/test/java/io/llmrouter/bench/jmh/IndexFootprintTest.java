package io.llmrouter.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The prefix index's memory target (under 64 bytes per indexed block), counted, not timed. */
class IndexFootprintTest {

    @Test
    void bytesPerEntryAtCapacity_worstCaseJustPastAPowerOfTwo_under64Bytes() {
        // 4,097 and 65,537 entries need the next power of two of slots: the sparsest a full table gets
        assertEquals(36.0, IndexFootprint.bytesPerEntryAtCapacity(4_097), 0.01);
        assertTrue(IndexFootprint.bytesPerEntryAtCapacity(65_537) < 64);
    }

    @Test
    void bytesPerEntryAtCapacity_defaultMaxHashCacheSize_about24Bytes() {
        assertEquals(1_179_648 / 50_000.0, IndexFootprint.bytesPerEntryAtCapacity(50_000), 0.01);
    }
}
