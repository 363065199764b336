package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.bootstrap.config.ScoreEntry;
import io.llmrouter.bootstrap.config.SchedulerConfig;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import io.llmrouter.sim.core.Profile;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three simulated engines under different loads: the router reads their metrics and sends traffic
 * to them in the order its scores predict.
 */
class SchedulingEndToEndTest {

    /** Real step times, but only two sequences run at once, so extra requests queue ("waiting"). */
    private static final Profile TWO_SEATS = new Profile("two-seats", 16, 61_440, 2, 8192, 32_768, 20.0, 30_000,
            1.5, 14e9, 57_344, 3.35e12, 0.75, 0.031, 8.0, 25e9, 0.0);
    private static final String LONG_STREAM = "{\"model\":\"model-x\",\"prompt\":\"keep going\",\"max_tokens\":5000,\"stream\":true}";

    private final RouterHarness harness = new RouterHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void leastRequest_enginesWithDifferentQueues_trafficGoesToTheShortestQueueFirst() throws Exception {
        SimulatedEngine busy = engine();
        SimulatedEngine medium = engine();
        SimulatedEngine idle = engine();
        occupy(busy, 6);   // 2 running, 4 waiting
        occupy(medium, 3); // 2 running, 1 waiting
        SchedulerConfig leastRequest = new SchedulerConfig(Map.of(), List.of(), List.of(new ScoreEntry("least-request", 1)), 3);
        harness.start(route("r", "m", "s") + server("s", "model-x", "")
                + endpoint("busy", "s", busy.port()) + endpoint("medium", "s", medium.port())
                + endpoint("idle", "s", idle.port()), RouterHarness.InboundDefaults.MAX_BODY, leastRequest);
        awaitWaiting("busy", 4);
        awaitWaiting("medium", 1);
        awaitWaiting("idle", 0);

        HttpResponse<String> res = harness.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":2}",
                "x-llm-router-debug", "1");

        assertEquals(200, res.statusCode(), res.body());
        // least-request: base = inFlight + 100 x waiting -> idle 0, medium 100, busy 400.
        String decision = res.headers().firstValue("x-llm-router-decision").orElse("");
        assertTrue(decision.startsWith("picked=idle ranked=[idle, medium, busy]"), decision);
        assertEquals(1, idle.stats().requestsReceived());
        String log = harness.get(harness.adminUri("/debug/decisions?limit=1")).body();
        assertTrue(log.contains("\"ranked\":[\"idle\",\"medium\",\"busy\"]"), log);
        assertTrue(log.contains("\"name\":\"least-request\""), log);
    }

    @Test
    void scheduling_metricsUnreachable_fallsBackToInFlightAndSaysSo() {
        SimulatedEngine a = harness.engine("model-x");
        a.faults().metricsFailure(true);
        harness.start(route("r", "m", "s") + server("s", "model-x", "") + endpoint("a", "s", a.port()),
                RouterHarness.InboundDefaults.MAX_BODY, new SchedulerConfig(Map.of(), List.of(),
                        List.of(new ScoreEntry("gpu-usage", 1)), 3));
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> harness.router().metrics()
                .entry(ResourceId.of("default", "a")).map(e -> e.lastError().isPresent()).orElse(false)));
        HttpResponse<String> res = harness.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":2}",
                "x-llm-router-debug", "1");
        assertEquals(200, res.statusCode());
        String decision = res.headers().firstValue("x-llm-router-decision").orElse("");
        assertTrue(decision.contains("gpu-usage stepped aside"), decision);
    }

    private SimulatedEngine engine() {
        return harness.engine(EngineOptions.builder().engine(EngineKind.VLLM).model("model-x").port(0)
                .profile(TWO_SEATS).build());
    }

    /** Holds {@code n} long streams open directly on the engine (not through the router). */
    private void occupy(SimulatedEngine engine, int n) {
        for (int i = 0; i < n; i++) {
            harness.http.sendAsync(HttpRequest.newBuilder(engine.baseUri().resolve("/v1/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(LONG_STREAM)).build(), HttpResponse.BodyHandlers.discarding());
        }
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> engine.stats().activeRequests() == n));
    }

    private void awaitWaiting(String pod, int waiting) {
        ResourceId id = ResourceId.of("default", pod);
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> {
            Optional<PodMetrics> m = harness.router().metrics().fresh(id, Instant.now());
            return m.isPresent() && m.get().waiting() == waiting;
        }), pod + " never reported " + waiting + " waiting: " + harness.router().metrics().entry(id));
    }
}
