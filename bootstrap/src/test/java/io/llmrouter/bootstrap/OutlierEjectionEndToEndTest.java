package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.bootstrap.config.OutlierDetectionConfig;
import io.llmrouter.bootstrap.config.RouterConfig;
import io.llmrouter.sim.SimulatedEngine;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Passive health through the whole router: a pod answering 503 is ejected, traffic goes to the
 * healthy pod, every view shows it (pod dump, readiness body, datastore, metrics, decision trace),
 * and once the engine recovers its trial request brings it back. Short ejection times; every wait
 * is a bounded loop.
 */
class OutlierEjectionEndToEndTest {

    private static final String RETRY = "trafficPolicy: {retry: {attempts: 1, retryInterval: 10ms}}";
    private static final String COMPLETION = "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":3}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouterHarness harness = new RouterHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    private static UnaryOperator<RouterConfig> outliers(OutlierDetectionConfig od) {
        return c -> new RouterConfig(c.inference(), c.metrics(), c.admin(), c.datastore(), c.maxRequestBodyBytes(),
                c.upstream().withOutlierDetection(od), c.engineMetrics(), c.debug(), c.scheduler(), c.adminToken(),
                c.tracing(), c.accessLog());
    }

    @Test
    void podAnswering503_ejected_trafficGoesToTheHealthyPod_thenReturnsAfterItRecovers() throws Exception {
        SimulatedEngine failing = harness.engine("model-x");
        SimulatedEngine healthy = harness.engine("model-x");
        failing.faults().errorRate(1.0, 503);
        // 2s then 4s: long enough that the quiet phase below cannot outlast it on a slow machine.
        harness.start(route("r", "m", "s") + server("s", "model-x", RETRY) + endpoint("first", "s", failing.port())
                        + endpoint("second", "s", healthy.port()), RouterHarness.InboundDefaults.MAX_BODY,
                RouterHarness.RANDOM, outliers(new OutlierDetectionConfig(true, 3, Duration.ofSeconds(2),
                        Duration.ofSeconds(4), 50, 0)));
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> harness.router().datastore().ready()));

        // Random ranking puts the failing pod first half the time: three times within 60 requests but for 1e-15 odds.
        for (int i = 0; i < 60 && !"ejected".equals(health("first").path("state").asText()); i++) {
            assertEquals(200, harness.post("/v1/completions", COMPLETION).statusCode(), "the retry hides each 503");
        }
        JsonNode ejected = health("first");
        assertEquals("ejected", ejected.path("state").asText(), ejected.toString());
        assertEquals(1, ejected.path("ejections").asInt());
        assertTrue(ejected.path("lastEjectionReason").asText().contains("3 consecutive failed requests (last: HTTP 503)"),
                ejected.toString());

        long before = failing.stats().requestsReceived();
        for (int i = 0; i < 10; i++) {
            assertEquals(200, harness.post("/v1/completions", COMPLETION, "x-llm-router-debug", "1").statusCode());
        }
        assertEquals(before, failing.stats().requestsReceived(), "no request went to the ejected pod");

        JsonNode ready = JSON.readTree(harness.get(harness.uri("/readyz")).body());
        assertEquals(200, harness.get(harness.uri("/readyz")).statusCode(), "readiness is about the router only");
        JsonNode s = ready.path("modelServers").get(0);
        assertEquals("default/s", s.path("name").asText());
        assertEquals(2, s.path("readyPods").asInt());
        assertEquals(1, s.path("schedulable").asInt());
        assertEquals(1, s.path("ejected").asInt());
        JsonNode datastore = JSON.readTree(harness.get(harness.adminUri("/debug/datastore")).body());
        assertEquals(1, datastore.path("modelServers").get(0).path("ejected").asInt(), datastore.toString());
        MetricsText metrics = new MetricsText(harness.get(harness.metricsUri("/metrics")).body());
        assertEquals(1.0, metrics.sum("llm_router_pod_ejected", "model_server", "default/s", "pod", "default/first"));
        assertEquals(0.0, metrics.sum("llm_router_pod_ejected", "pod", "default/second"));
        assertEquals(1.0, metrics.sum("llm_router_pod_ejections_total", "pod", "default/first"));
        String decisions = harness.get(harness.adminUri("/debug/decisions?limit=1")).body();
        assertTrue(decisions.contains("outlier-detection removed 1 ejected [first]"), decisions);

        failing.faults().clear();
        // Once its time is up, the next request it is ranked first for is its trial, which now succeeds.
        for (int i = 0; i < 400 && !"healthy".equals(health("first").path("state").asText()); i++) {
            assertEquals(200, harness.post("/v1/completions", COMPLETION).statusCode());
            Thread.sleep(20);
        }
        assertEquals("healthy", health("first").path("state").asText(), health("first").toString());
        long back = failing.stats().requestsReceived();
        for (int i = 0; i < 30; i++) {
            assertEquals(200, harness.post("/v1/completions", COMPLETION).statusCode());
        }
        assertTrue(failing.stats().requestsReceived() > back, "back in rotation: random ranking sends it some of 30");
        assertEquals(0.0, new MetricsText(harness.get(harness.metricsUri("/metrics")).body())
                .sum("llm_router_pod_ejected", "pod", "default/first"));
    }

    /** A pod that goes down (refuses connections, as while it restarts) and comes back is scheduled again. */
    @Test
    void podRestarting_refusedWhileDown_ejected_thenScheduledAgainOnceItIsBack() throws Exception {
        SimulatedEngine restarting = harness.engine("model-x");
        SimulatedEngine healthy = harness.engine("model-x");
        harness.start(route("r", "m", "s") + server("s", "model-x", RETRY) + endpoint("first", "s", restarting.port())
                        + endpoint("second", "s", healthy.port()), RouterHarness.InboundDefaults.MAX_BODY,
                RouterHarness.RANDOM, outliers(new OutlierDetectionConfig(true, 3, Duration.ofSeconds(1),
                        Duration.ofSeconds(2), 50, 3)));
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> harness.router().datastore().ready()));
        restarting.faults().refuseConnections(true);
        for (int i = 0; i < 100 && !"ejected".equals(health("first").path("state").asText()); i++) {
            assertEquals(200, harness.post("/v1/completions", COMPLETION).statusCode(), "the retry hides each refusal");
            Thread.sleep(20);
        }
        assertEquals("ejected", health("first").path("state").asText(), health("first").toString());

        restarting.faults().refuseConnections(false); // back up on the same address
        for (int i = 0; i < 400 && !"healthy".equals(health("first").path("state").asText()); i++) {
            assertEquals(200, harness.post("/v1/completions", COMPLETION).statusCode());
            Thread.sleep(20);
        }
        assertEquals("healthy", health("first").path("state").asText(), health("first").toString());
        long back = restarting.stats().requestsReceived();
        for (int i = 0; i < 30; i++) {
            assertEquals(200, harness.post("/v1/completions", COMPLETION).statusCode());
        }
        assertTrue(restarting.stats().requestsReceived() > back, "scheduled again: random ranking sends it some of 30");
    }

    @Test
    void metricsEndpointFailing_scrapeFailuresInARow_ejectThePod() throws Exception {
        SimulatedEngine blind = harness.engine("model-x");
        SimulatedEngine healthy = harness.engine("model-x");
        blind.faults().metricsFailure(true);
        harness.start(route("r", "m", "s") + server("s", "model-x", "") + endpoint("blind", "s", blind.port())
                        + endpoint("seeing", "s", healthy.port()), RouterHarness.InboundDefaults.MAX_BODY,
                RouterHarness.RANDOM, outliers(new OutlierDetectionConfig(true, 0, Duration.ofSeconds(30),
                        Duration.ofSeconds(30), 50, 3)));
        // Scrapes run every 200 ms in the harness: three failures take about 600 ms.
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(10), () -> {
            try {
                return "ejected".equals(health("blind").path("state").asText());
            } catch (Exception e) {
                return false;
            }
        }), "ejected after three failed scrapes");
        assertTrue(health("blind").path("lastEjectionReason").asText().contains("consecutive failed metrics scrapes"));
        assertEquals("healthy", health("seeing").path("state").asText());
    }

    private JsonNode health(String pod) throws Exception {
        JsonNode dump = JSON.readTree(harness.get(harness.adminUri("/debug/config_dump/namespaces/default/pods/" + pod))
                .body());
        return dump.path("health");
    }
}
