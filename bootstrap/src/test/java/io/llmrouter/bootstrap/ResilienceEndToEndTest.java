package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries, timeouts, upstream errors and client disconnects, against simulated engines with faults. */
class ResilienceEndToEndTest {

    private static final String RETRY = "trafficPolicy: {retry: {attempts: 1, retryInterval: 10ms}}";
    private static final String COMPLETION = "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":3}";
    private static final int REQUESTS = 20;

    private final RouterHarness harness = new RouterHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void forward_firstPodRefusesConnections_retriedOnSecondPod() {
        SimulatedEngine dead = harness.engine("model-x");
        SimulatedEngine alive = harness.engine("model-x");
        dead.faults().refuseConnections(true);
        startTwoPods(dead, alive, RETRY);
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> res = harness.post("/v1/completions", COMPLETION);
            assertEquals(200, res.statusCode(), res.body());
        }
        assertEquals(REQUESTS, alive.stats().requestsReceived());
        assertEquals(0, dead.stats().requestsReceived());
    }

    @Test
    void forward_firstPodAnswers500_retriedOnSecondPod() {
        SimulatedEngine failing = harness.engine("model-x");
        SimulatedEngine healthy = harness.engine("model-x");
        failing.faults().errorRate(1.0, 500);
        // Random ranking, so the failing pod comes first about half the time (prefix affinity would
        // stick to the healthy pod after its first answer).
        harness.start(route("r", "m", "s") + server("s", "model-x", RETRY) + endpoint("first", "s", failing.port())
                + endpoint("second", "s", healthy.port()), RouterHarness.InboundDefaults.MAX_BODY, RouterHarness.RANDOM);
        for (int i = 0; i < REQUESTS; i++) {
            assertEquals(200, harness.post("/v1/completions", COMPLETION).statusCode());
        }
        assertEquals(REQUESTS, healthy.stats().requestsCompleted());
        // Random ranking puts the failing pod first about half the time; 2^-20 odds it never did.
        assertTrue(failing.stats().requestsReceived() > 0, "the failing pod was never tried first");
    }

    @Test
    void forward_everyPodAnswers503_lastEngineErrorRelayedUnchanged() {
        SimulatedEngine a = harness.engine("model-x");
        SimulatedEngine b = harness.engine("model-x");
        a.faults().errorRate(1.0, 503);
        b.faults().errorRate(1.0, 503);
        startTwoPods(a, b, RETRY);
        HttpResponse<String> res = harness.post("/v1/completions", COMPLETION);
        assertEquals(503, res.statusCode());
        assertTrue(res.body().contains("\"code\":503"), "vLLM's own error body, got " + res.body());
        assertEquals(2, a.stats().requestsReceived() + b.stats().requestsReceived(), "one try plus one retry");
    }

    @Test
    void forward_noPodReachable_502InOpenAiEnvelope() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        harness.start(route("r", "m", "s") + server("s", "model-x", RETRY)
                + endpoint("gone", "s", "127.0.0.1:" + closedPort, true));
        HttpResponse<String> res = harness.post("/v1/completions", COMPLETION);
        assertEquals(502, res.statusCode());
        assertTrue(res.body().contains("\"code\":\"upstream_unavailable\""), res.body());
        assertTrue(res.body().contains("after 2 attempt(s)"), res.body());
    }

    @Test
    void forward_engineSlowerThanTimeout_504() {
        SimulatedEngine slow = harness.engine("model-x");
        slow.faults().latencySpike(Duration.ofSeconds(3), 1.0);
        harness.start(route("r", "m", "s") + server("s", "model-x", "trafficPolicy: {timeout: 200ms, retry: {attempts: 0}}")
                + endpoint("slow", "s", slow.port()));
        HttpResponse<String> res = harness.post("/v1/completions", COMPLETION);
        assertEquals(504, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"code\":\"upstream_timeout\""), res.body());
    }

    @Test
    void forward_upstream4xx_passedThroughUnchangedAndNotRetried() {
        SimulatedEngine engine = harness.engine("model-x");
        harness.start(RouterHarness.API + """
                kind: ModelRoute
                metadata: {name: lora-route}
                spec:
                  loraAdapters: [missing-lora]
                  rules: [{targetModels: [{modelServerName: s}]}]
                """ + server("s", "model-x", RETRY) + endpoint("e", "s", engine.port()));
        String body = "{\"model\":\"missing-lora\",\"prompt\":\"hi\",\"max_tokens\":3}";
        HttpResponse<String> viaRouter = harness.post("/v1/completions", body);
        HttpResponse<String> direct = postDirect(engine, body);
        assertEquals(404, direct.statusCode(), direct.body());
        assertEquals(direct.statusCode(), viaRouter.statusCode());
        assertEquals(direct.body(), viaRouter.body());
        assertEquals(2, engine.stats().requestsReceived(), "one via the router (no retry) and one direct");
    }

    @Test
    void forward_engineCutsTheStreamMidway_clientGetsAnErrorEventThenDone() {
        SimulatedEngine engine = harness.engine("model-x");
        engine.faults().cutStreamAfter(3);
        harness.start(route("r", "m", "s") + server("s", "model-x", "") + endpoint("e", "s", engine.port()));
        HttpResponse<String> res = harness.post("/v1/completions",
                "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":20,\"stream\":true}");
        assertEquals(200, res.statusCode(), "the status line was already sent when the stream broke");
        java.util.List<String> events = res.body().lines().filter(l -> !l.isBlank()).toList();
        String last = events.get(events.size() - 1);
        String error = events.get(events.size() - 2);
        assertEquals("data: [DONE]", last, res.body());
        assertTrue(error.startsWith("data: {\"error\":{\"message\":\"the engine's stream broke: the engine closed the "
                + "connection before the answer was complete\""), res.body());
        assertFalse(error.matches(".*[A-Z][a-z]+(Exception|Error)\\b.*"), "no Java class name in text a client reads: " + error);
        assertTrue(error.contains("\"code\":\"upstream_stream_broken\""), error);
    }

    @Test
    void forward_clientDisconnectsMidStream_engineRequestCancelled() throws Exception {
        SimulatedEngine engine = harness.engine(EngineOptions.builder().engine(EngineKind.VLLM).model("model-x")
                .port(0).profile("h100-7b").build());
        harness.start(route("r", "m", "s") + server("s", "model-x", "") + endpoint("e", "s", engine.port()));
        String body = "{\"model\":\"m\",\"prompt\":\"a long story\",\"max_tokens\":2000,\"stream\":true}";
        harness.streamThenHangUp("/v1/completions", body, () -> assertEquals(1, engine.stats().activeRequests()));
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> engine.stats().requestsAborted() == 1),
                "engine never saw the cancellation: " + engine.stats());
        assertEquals(0, engine.stats().activeRequests());
    }

    private void startTwoPods(SimulatedEngine first, SimulatedEngine second, String policy) {
        harness.start(route("r", "m", "s") + server("s", "model-x", policy)
                + endpoint("first", "s", first.port()) + endpoint("second", "s", second.port()));
    }

    private HttpResponse<String> postDirect(SimulatedEngine engine, String body) {
        try {
            return harness.http.send(HttpRequest.newBuilder(engine.baseUri().resolve("/v1/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
