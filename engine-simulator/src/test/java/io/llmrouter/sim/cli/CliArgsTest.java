package io.llmrouter.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineRole;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliArgsTest {

    @Test
    void parse_allFlags_buildsOptions() {
        CliArgs cli = CliArgs.parse("--engine", "sglang", "--model", "m", "--port", "9000", "--profile", "a100-7b",
            "--lora", "a,b", "--lora", "c", "--speedup", "10", "--role", "decode", "--replicas", "3",
            "--kv-blocks", "128", "--faults", "cut-stream=3");
        assertEquals(EngineKind.SGLANG, cli.options().engine());
        assertEquals("m", cli.options().model());
        assertEquals(9000, cli.options().port());
        assertEquals("a100-7b", cli.options().profile().name());
        assertEquals(128, cli.options().profile().numGpuBlocks());
        assertEquals(List.of("a", "b", "c"), cli.options().loras());
        assertEquals(10.0, cli.options().speedup());
        assertEquals(EngineRole.DECODE, cli.options().role());
        assertEquals(3, cli.replicas());
        assertEquals("cut-stream=3", cli.faults());
    }

    @Test
    void parse_noPort_usesTheEnginesDefaultPort() {
        assertEquals(8000, CliArgs.parse("--engine", "vllm").options().port());
        assertEquals(30000, CliArgs.parse("--engine", "sglang").options().port());
        assertEquals(3000, CliArgs.parse("--engine", "tgi").options().port());
    }

    @Test
    void parse_tgi_opensPrometheusPort9000UnlessTold() {
        assertEquals(9000, CliArgs.parse("--engine", "tgi").options().metricsPort());
        assertEquals(-1, CliArgs.parse("--engine", "tgi", "--metrics-port", "-1").options().metricsPort());
        assertEquals(-1, CliArgs.parse("--engine", "vllm").options().metricsPort());
    }

    @Test
    void parse_unknownEngine_failsListingAllowedValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> CliArgs.parse("--engine", "ollama"));
        assertTrue(e.getMessage().contains("allowed: vllm, sglang, tgi"), e.getMessage());
    }

    @Test
    void parse_unknownProfileOrFlag_fails() {
        assertThrows(IllegalArgumentException.class, () -> CliArgs.parse("--profile", "b200-70b"));
        assertThrows(IllegalArgumentException.class, () -> CliArgs.parse("--verbose"));
        assertThrows(IllegalArgumentException.class, () -> CliArgs.parse("--port"));
    }

    @Test
    void faultSpec_everyKind_setsTheSwitches() {
        try (var engine = io.llmrouter.sim.SimulatedEngine.start(io.llmrouter.sim.EngineOptions.builder()
            .profile("instant").build())) {
            FaultSpec.apply("error-rate=0.25:503,latency=300ms:0.5,cut-stream=3,metrics-delay=1.5s,metrics-failure",
                engine.faults());
            var s = engine.faults().settings();
            assertEquals(0.25, s.errorRate());
            assertEquals(503, s.errorStatus());
            assertEquals(Duration.ofMillis(300), s.latencySpike());
            assertEquals(0.5, s.latencySpikeRate());
            assertEquals(3, s.cutStreamAfter());
            assertEquals(Duration.ofMillis(1500), s.metricsDelay());
            assertTrue(s.metricsFailure());
            assertThrows(IllegalArgumentException.class, () -> FaultSpec.apply("explode", engine.faults()));
        }
    }
}
