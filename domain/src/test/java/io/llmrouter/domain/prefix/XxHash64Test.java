package io.llmrouter.domain.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XxHash64Test {

    @Test
    void hash_referenceVectors_matchTheSpecification() {
        // Published XXH64 test values (seed 0).
        assertEquals(0xEF46DB3751D8E999L, hash("", 0));
        assertEquals(0xD24EC4F1A98C6E5BL, hash("a", 0));
        assertEquals(0x44BC2CF5AD770999L, hash("abc", 0));
    }

    @Test
    void hash_longInputAndSeed_changeTheResult() {
        String text = "The quick brown fox jumps over the lazy dog, twice over for a long input.";
        assertNotEquals(hash(text, 0), hash(text, 1));
        assertNotEquals(hash(text, 0), hash(text + ".", 0));
    }

    private static long hash(String s, long seed) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return XxHash64.hash(b, 0, b.length, seed);
    }
}
