package io.llmrouter.domain.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamUsageTest {

    private static final ByteSplice ASK = new ByteSplice(3, 3, "x".getBytes(StandardCharsets.UTF_8));

    @Test
    void notStreamed_nothingToAskNothingToHide_editNotEvenComputed() {
        StreamUsage u = StreamUsage.decide(false, false, () -> {
            throw new AssertionError("no edit for a request that does not stream");
        });
        assertSame(StreamUsage.NOT_STREAMED, u);
        assertEquals(Optional.empty(), u.bodyEdit());
        assertFalse(u.hideUsageChunk());
    }

    @Test
    void streamWhoseClientAsked_bodyAsSent_chunkShown() {
        StreamUsage u = StreamUsage.decide(true, true, () -> ASK);
        assertEquals(Optional.empty(), u.bodyEdit());
        assertFalse(u.hideUsageChunk());
    }

    @Test
    void streamWhoseClientDidNotAsk_routerAsksAndHides() {
        StreamUsage u = StreamUsage.decide(true, false, () -> ASK);
        assertEquals(Optional.of(ASK), u.bodyEdit());
        assertTrue(u.hideUsageChunk());
    }

    @Test
    void anEditOnlyWhenTheRouterAsks() {
        assertThrows(IllegalArgumentException.class, () -> new StreamUsage(StreamUsage.Mode.CLIENT_ASKED, Optional.of(ASK)));
        assertThrows(IllegalArgumentException.class, () -> new StreamUsage(StreamUsage.Mode.ROUTER_ASKS, Optional.empty()));
    }

    @Test
    void byteSpliceApply_anyOrder_oneCopy_sameArrayWhenNone() {
        byte[] src = "{\"model\":\"a\",\"stream\":true}".getBytes(StandardCharsets.UTF_8);
        ByteSplice model = new ByteSplice(9, 12, "\"bb\"".getBytes(StandardCharsets.UTF_8));
        ByteSplice close = new ByteSplice(src.length - 1, src.length - 1, ",\"x\":1".getBytes(StandardCharsets.UTF_8));
        String expected = "{\"model\":\"bb\",\"stream\":true,\"x\":1}";
        assertEquals(expected, new String(ByteSplice.apply(src, List.of(close, model)), StandardCharsets.UTF_8));
        assertEquals(expected, new String(ByteSplice.apply(src, List.of(model, close)), StandardCharsets.UTF_8));
        assertSame(src, ByteSplice.apply(src, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> ByteSplice.apply(src, List.of(model, new ByteSplice(10, 11, new byte[0]))));
    }

    @Test
    void requestBody_refusesAUsageEditInsideTheModelValue() {
        byte[] src = "{\"model\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> new RequestBody(src, 9, 14,
                StreamUsage.decide(true, false, () -> new ByteSplice(10, 10, new byte[] {'x'}))));
    }
}
