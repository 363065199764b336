package io.llmrouter.adapters.engines.forward;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HopByHopHeadersTest {

    @Test
    void fixedHopByHopNames_neverForwarded() {
        for (String name : List.of("Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Upgrade", "Host",
                "Content-Length", "Proxy-Authorization")) {
            assertFalse(HopByHopHeaders.FIXED.forwarded(name), name);
        }
        assertTrue(HopByHopHeaders.FIXED.forwarded("Set-Cookie"));
    }

    @Test
    void namesInTheConnectionHeader_areHopByHopToo_anyCaseAnySpacing() {
        HopByHopHeaders h = HopByHopHeaders.of(List.of("keep-alive,  X-Hop ", "x-other"));
        assertFalse(h.forwarded("x-hop"));
        assertFalse(h.forwarded("X-OTHER"));
        assertTrue(h.forwarded("X-Keep"));
        assertTrue(h.nominated("X-Hop"));
        assertFalse(h.nominated("Keep-Alive-Not"));
    }
}
