package io.llmrouter.domain.scheduling.scorer;

import static io.llmrouter.domain.scheduling.Pods.pod;
import static io.llmrouter.domain.scheduling.Pods.request;
import static io.llmrouter.domain.scheduling.Pods.unknown;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefixCacheTest {

    private static final String SYSTEM = "You are a helpful assistant. ".repeat(20); // 580 bytes ≈ 9 blocks of 64
    private final PrefixCache plugin = new PrefixCache(new PrefixCache.Args(64, 128, 1000, 5, 1 << 20));

    @Test
    void score_podThatServedTheSamePrefix_scoresItsShareOfBlocks() {
        plugin.dispatched(request(SYSTEM + "first question"), pod("a"));
        SchedulingRequest next = request(SYSTEM + "second question, a bit longer");
        double[] scores = plugin.score(next, List.of(unknown("a", 0), unknown("b", 0)));
        // 64-byte blocks: the shared 580 bytes fill 9 whole blocks; the 10th already differs.
        int blocks = (SYSTEM.length() + "second question, a bit longer".length() + 63) / 64;
        assertArrayEquals(new double[] {9.0 / blocks, 0.0}, scores, 1e-9);
    }

    @Test
    void score_sameTextForAnotherModel_doesNotMatch() {
        plugin.dispatched(request(SYSTEM), pod("a"));
        SchedulingRequest other = new SchedulingRequest("other-model", java.util.Optional.empty(),
                io.llmrouter.domain.scheduling.Pods.SERVER, request(SYSTEM).prompt());
        assertEquals(0.0, plugin.score(other, List.of(unknown("a", 0)))[0]);
    }

    @Test
    void score_onlyTopKMatchesScore() {
        PrefixCache topTwo = new PrefixCache(new PrefixCache.Args(64, 128, 1000, 2, 1 << 20));
        topTwo.dispatched(request(SYSTEM + "x".repeat(200)), pod("long"));
        topTwo.dispatched(request(SYSTEM), pod("mid"));
        topTwo.dispatched(request(SYSTEM.substring(0, 100)), pod("short"));
        double[] scores = topTwo.score(request(SYSTEM + "x".repeat(200)),
                List.of(unknown("long", 0), unknown("mid", 0), unknown("short", 0)));
        assertTrue(scores[0] > scores[1] && scores[1] > 0 && scores[2] == 0, java.util.Arrays.toString(scores));
    }

    @Test
    void score_emptyPrompt_noOpinion() {
        assertTrue(Double.isNaN(plugin.score(request(""), List.of(unknown("a", 0)))[0]));
    }

    @Test
    void removed_pod_forgetsWhatItHeld() {
        plugin.dispatched(request(SYSTEM), pod("a"));
        plugin.removed(ResourceId.of("default", "a"));
        assertEquals(0.0, plugin.score(request(SYSTEM), List.of(unknown("a", 0)))[0]);
        assertEquals(0, plugin.index().entries());
    }
}
