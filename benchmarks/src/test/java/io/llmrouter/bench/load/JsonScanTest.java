package io.llmrouter.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsonScanTest {

    @Test
    void usage_finalChunk_readsCountsAndCachedTokens() {
        String chunk = "{\"id\":\"x\",\"choices\":[],\"usage\":{\"prompt_tokens\":42,\"total_tokens\":50,"
                + "\"completion_tokens\":8,\"prompt_tokens_details\":{\"cached_tokens\":32}}}";
        Exchange.Usage usage = Exchange.Usage.of(chunk);
        assertEquals(new Exchange.Usage(42, 8, 32), usage);
        assertFalse(JsonScan.hasContent(chunk));
    }

    @Test
    void usage_nullUsage_none() {
        assertEquals(Exchange.Usage.NONE, Exchange.Usage.of("{\"choices\":[{\"text\":\" hi\"}],\"usage\":null}"));
    }

    @Test
    void hasContent_chatRoleChunkVersusToken_onlyTokenCounts() {
        assertFalse(JsonScan.hasContent("{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"));
        assertTrue(JsonScan.hasContent("{\"choices\":[{\"delta\":{\"content\":\" word\"}}]}"));
        assertTrue(JsonScan.hasContent("{\"choices\":[{\"index\":0,\"text\": \" word\"}]}"));
    }

    @Test
    void quote_controlAndQuoteCharacters_escaped() {
        assertEquals("\"a\\nb\\\"c\\\\d\\u0001\"", JsonScan.quote("a\nb\"c\\d\u0001"));
    }
}
