package io.llmrouter.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.scheduling.framework.Decision;
import org.junit.jupiter.api.Test;

/** The benchmark's fixture does what the figures claim: a full default-set decision, not an early exit. */
class DecisionBenchmarkSmokeTest {

    @Test
    void decision_64PodsPopulatedIndex_ranksTopFiveWithBothScorersOpinionated() {
        DecisionBenchmark benchmark = new DecisionBenchmark();
        benchmark.pods = 64;
        benchmark.promptTokens = 1024;
        benchmark.setUp();
        Decision decision = benchmark.decision();
        assertEquals(5, decision.ranked().size());
        assertTrue(decision.trace().survivors().size() < 64, "the least-request filter removed some pods");
        assertTrue(decision.trace().scorers().stream().noneMatch(s -> s.steppedAside()));
        assertTrue(decision.trace().scorers().get(1).scores().stream().anyMatch(s -> s > 0.9),
                "some pod holds (nearly) the whole prompt");
        assertEquals(5, benchmark.decisionWithHashing().ranked().size());
    }
}
