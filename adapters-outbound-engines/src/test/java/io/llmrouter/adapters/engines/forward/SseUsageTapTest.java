package io.llmrouter.adapters.engines.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.inference.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Usage from SSE streams, and the usage-only chunk kept from clients that did not ask for it, however reads split. */
class SseUsageTapTest {

    private static final String CHUNK = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"text\":\"a\"}],\"usage\":null}\n\n";
    private static final String USAGE = "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,"
            + "\"total_tokens\":10,\"completion_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":0}}}\n\n";
    private static final String DONE = "data: [DONE]\n\n";
    private static final String STREAM = CHUNK + CHUNK + USAGE + DONE;

    @Test
    void relay_hidingEverySplitIntoTwoReads_clientGetsNoUsageChunkAndUsageIsRead() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            SseUsageTap tap = new SseUsageTap(true);
            CapturingSink sink = new CapturingSink();
            tap.relay(Arrays.copyOfRange(bytes, 0, cut), cut, sink);
            tap.relay(Arrays.copyOfRange(bytes, cut, bytes.length), bytes.length - cut, sink);
            tap.end(sink);
            assertEquals(CHUNK + CHUNK + DONE, sink.text(), "cut at " + cut);
            assertEquals(new TokenUsage(7, 3), tap.usage(), "cut at " + cut);
        }
    }

    @Test
    void relay_hidingOneByteReads_sameResult() {
        SseUsageTap tap = new SseUsageTap(true);
        CapturingSink sink = new CapturingSink();
        for (byte b : STREAM.getBytes(StandardCharsets.UTF_8)) {
            tap.relay(new byte[] {b}, 1, sink);
        }
        tap.end(sink);
        assertEquals(CHUNK + CHUNK + DONE, sink.text());
        assertEquals(new TokenUsage(7, 3), tap.usage());
    }

    @Test
    void relay_clientAskedForUsage_everythingRelayedAndUsageRead() {
        SseUsageTap tap = new SseUsageTap(false);
        CapturingSink sink = new CapturingSink();
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        tap.relay(bytes, 40, sink);
        tap.relay(Arrays.copyOfRange(bytes, 40, bytes.length), bytes.length - 40, sink);
        assertEquals(STREAM, sink.text());
        assertEquals(new TokenUsage(7, 3), tap.usage());
    }

    @Test
    void relay_crlfLinesAndNoUsage_keptAndUsageUnknown() {
        String crlf = "data: {\"choices\":[{\"text\":\"a\"}]}\r\n\r\ndata: [DONE]\r\n\r\n";
        SseUsageTap tap = new SseUsageTap(true);
        CapturingSink sink = new CapturingSink();
        tap.relay(crlf.getBytes(StandardCharsets.UTF_8), crlf.length(), sink);
        tap.end(sink);
        assertEquals(crlf, sink.text());
        assertEquals(TokenUsage.UNKNOWN, tap.usage());
    }

    @Test
    void relay_eventLongerThanTheLimit_passedThroughWhole() {
        String longLine = "data: {\"choices\":[{\"text\":\"" + "x".repeat(SseUsageTap.MAX_EVENT + 10) + "\"}]}\n\n";
        String stream = longLine + USAGE + DONE;
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        SseUsageTap tap = new SseUsageTap(true);
        CapturingSink sink = new CapturingSink();
        for (int at = 0; at < bytes.length; at += 4096) {
            int n = Math.min(4096, bytes.length - at);
            tap.relay(Arrays.copyOfRange(bytes, at, at + n), n, sink);
        }
        tap.end(sink);
        assertEquals(longLine + DONE, sink.text());
        assertEquals(new TokenUsage(7, 3), tap.usage());
    }

    @Test
    void relay_streamEndsWithoutNewline_lastLineStillRelayed() {
        String stream = CHUNK + "data: [DONE]";
        SseUsageTap tap = new SseUsageTap(true);
        CapturingSink sink = new CapturingSink();
        tap.relay(stream.getBytes(StandardCharsets.UTF_8), stream.length(), sink);
        tap.end(sink);
        assertEquals(stream, sink.text());
    }

    @Test
    void relay_everySplitOfAStreamThatIsCutMidEvent_clientGetsOnlyTheCompleteEvents() {
        String cut = CHUNK + CHUNK + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"te";
        byte[] bytes = cut.getBytes(StandardCharsets.UTF_8);
        for (boolean hide : new boolean[] {true, false}) {
            for (int at = 0; at <= bytes.length; at++) {
                SseUsageTap tap = new SseUsageTap(hide);
                CapturingSink sink = new CapturingSink();
                tap.relay(Arrays.copyOfRange(bytes, 0, at), at, sink);
                tap.relay(Arrays.copyOfRange(bytes, at, bytes.length), bytes.length - at, sink);
                assertEquals(CHUNK + CHUNK, sink.text(), "split at " + at);
                assertFalse(tap.midEvent());
                assertFalse(tap.sawDone());
            }
        }
    }

    @Test
    void relay_halfAnEventEndingInABlankLineOfItsOwnRead_heldUntilTheBlankLine() {
        SseUsageTap tap = new SseUsageTap(false);
        CapturingSink sink = new CapturingSink();
        byte[] first = "data: {\"a\":1}\n".getBytes(StandardCharsets.UTF_8);
        tap.relay(first, first.length, sink);
        assertEquals("", sink.text(), "a data line without its blank line is not an event yet");
        tap.relay(new byte[] {'\n'}, 1, sink);
        assertEquals("data: {\"a\":1}\n\n", sink.text());
    }

    @Test
    void relay_oversizedEventCut_isReportedAsMidEvent() {
        String start = "data: {\"choices\":[{\"text\":\"" + "x".repeat(SseUsageTap.MAX_EVENT + 10);
        byte[] bytes = start.getBytes(StandardCharsets.UTF_8);
        SseUsageTap tap = new SseUsageTap(false);
        CapturingSink sink = new CapturingSink();
        tap.relay(bytes, bytes.length, sink);
        assertTrue(tap.midEvent());
        assertEquals(start, sink.text());
    }

    @Test
    void relay_done_isNoted() {
        SseUsageTap tap = new SseUsageTap(true);
        CapturingSink sink = new CapturingSink();
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        tap.relay(bytes, bytes.length, sink);
        assertTrue(tap.sawDone());
    }
}
