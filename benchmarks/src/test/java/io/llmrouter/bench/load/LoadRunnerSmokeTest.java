package io.llmrouter.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The load generator against one simulated vLLM over loopback: a few seconds, no timing assertions. */
class LoadRunnerSmokeTest {

    private static SimulatedEngine engine;

    @BeforeAll
    static void start() {
        engine = SimulatedEngine.start(EngineOptions.builder().engine(EngineKind.VLLM).port(0).profile("instant")
                .seed(42).build());
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static Target target(boolean chat, boolean stream) {
        return new Target(engine.baseUri(), EngineOptions.DEFAULT_MODEL, chat, stream);
    }

    @Test
    void run_sharedPrefixStreaming_allSucceedWithExactTokenCountsAndCacheHits() throws Exception {
        List<BenchRequest> requests = Workloads.generatedSharedPrefix(new Workloads.SharedPrefix(3, 8, 256, 32, 12, 1.0), 1);
        LoadOptions options = new LoadOptions(200, 8, 1, Duration.ofMinutes(1), false, 1);
        RunReport report = new LoadRunner(target(false, true), options).run("smoke", "generated-shared-prefix", requests);
        assertEquals(24, report.completed(), report.sampleErrors().toString());
        assertEquals(24L * (256 + 2 + 32), report.totalInputTokens());  // usage agrees with the workload's counts
        assertEquals(24L * 12, report.totalOutputTokens());
        assertEquals(24L * 11, report.itl().count());                    // one gap between each pair of tokens
        // 21 of 24 requests find their group's 256-token system prompt cached (whole 16-token blocks)
        assertTrue(report.cacheHitRate() > 0.6, "hit rate " + report.cacheHitRate());
    }

    @Test
    void run_chatNonStreamingClosedLoop_reusesConnectionsAndCountsUsage() throws Exception {
        List<BenchRequest> requests = Workloads.random(40, 50, 6, 1.0, 3);
        RunReport report = new LoadRunner(target(true, false), LoadOptions.closedLoop(4, Duration.ofMinutes(1)))
                .run("smoke", "random", requests);
        assertEquals(40, report.completed(), report.sampleErrors().toString());
        assertEquals(40L * 6, report.totalOutputTokens());
        assertTrue(report.totalInputTokens() > 40L * 50, "chat template adds tokens");
    }

    @Test
    void run_unknownModel_failuresReportedWithStatus() throws Exception {
        Target wrong = new Target(engine.baseUri(), "no-such-model", false, true);
        RunReport report = new LoadRunner(wrong, LoadOptions.closedLoop(2, Duration.ofMinutes(1)))
                .run("smoke", "random", Workloads.random(4, 8, 2, 1.0, 1));
        assertEquals(0, report.completed());
        assertEquals(4, report.failed());
        assertTrue(report.sampleErrors().get(0).startsWith("HTTP 404"), report.sampleErrors().toString());
    }
}
