package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.API;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.EngineRole;
import io.llmrouter.sim.SimulatedEngine;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Prefill/decode disaggregation through the whole router against simulated prefill and decode
 * engines on loopback: pairing within groups, the next pair after a prefill or a decode failure, no
 * second write after a decode broke mid-stream, the decode-only fallback, usage counted once, and
 * what the admin API says about groups and decisions.
 */
class PdEndToEndTest {

    static final String STREAM = "{\"model\":\"m\",\"prompt\":\"a prompt long enough to fill a block or two of KV "
            + "cache on the prefill engine\",\"max_tokens\":5,\"stream\":true}";
    static final String PLAIN = STREAM.replace(",\"stream\":true", "");
    static final ObjectMapper JSON = new ObjectMapper();

    private final RouterHarness harness = new RouterHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    private SimulatedEngine engine(EngineRole role) {
        return harness.engine(EngineOptions.builder().engine(EngineKind.VLLM).model("model-x").port(0)
                .profile("instant").role(role).build());
    }

    static String pdServer(String connector) {
        return "---\n" + API + """
                kind: ModelServer
                metadata: {name: s}
                spec:
                  model: model-x
                  inferenceEngine: vLLM
                  workloadSelector:
                    matchLabels: {app: s}
                    pdGroup:
                      groupKey: group
                      prefillLabels: {role: prefill}
                      decodeLabels: {role: decode}
                  kvConnector: {type: %s}
                  workloadPort: {port: 8000}
                  trafficPolicy: {retry: {attempts: 3}}
                """.formatted(connector);
    }

    static String pod(String name, String group, String role, int port) {
        return "---\n" + API + """
                kind: StaticEndpoint
                metadata: {name: %s, labels: {app: s, group: %s, role: %s}}
                spec: {address: "127.0.0.1:%d"}
                """.formatted(name, group, role, port);
    }

    /** The body with a prompt that starts differently for each {@code i}: no shared prefix steers the pick. */
    private static String distinct(String body, int i) {
        return body.replace("\"prompt\":\"", "\"prompt\":\"request " + i + " of " + System.nanoTime() + ": ");
    }

    private static long metric(SimulatedEngine engine, String name) {
        return Long.parseLong(engine.metricsText().lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .orElseThrow().substring(name.length() + 1));
    }

    @Test
    void stream_goesThroughPrefillThenDecode_usageCountedOnce_decisionAndConfigDumpNameBothPods() throws Exception {
        SimulatedEngine p = engine(EngineRole.PREFILL);
        SimulatedEngine d = engine(EngineRole.DECODE);
        harness.start(route("r", "m", "s") + pdServer("http") + pod("pa", "a", "prefill", p.port())
                + pod("da", "a", "decode", d.port()) + pod("stray", "a", "worker", d.port()));
        HttpResponse<String> res = harness.post("/v1/completions", STREAM);
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().trim().endsWith("data: [DONE]"), res.body());
        assertEquals(1, p.stats().requestsReceived());
        assertEquals(1, d.stats().requestsReceived());
        assertEquals(1, metric(d, "sim_pd_kv_transfers_total"));
        assertEquals(0, metric(d, "sim_pd_prefill_recomputed_total"));
        // the prefill's one token is not the client's: 5 output tokens, not 6
        MetricsText m = new MetricsText(harness.get(harness.metricsUri("/metrics")).body());
        assertEquals(5, m.sum("kthena_router_tokens_total", "token_type", "output"), m.toString());
        assertEquals(1, m.sum("llm_router_pd_leg_duration_seconds_count", "role", "prefill", "pod", "pa"), m.toString());
        assertEquals(1, m.sum("llm_router_pd_leg_duration_seconds_count", "role", "decode", "pod", "da"), m.toString());
        // one pair try, not two: the prefill leg is not a retry
        assertEquals(0, m.sum("llm_router_upstream_retries_total"), m.toString());

        JsonNode decision = JSON.readTree(harness.get(harness.adminUri("/debug/decisions")).body());
        JsonNode pair = decision.findValue("pairs").get(0);
        assertEquals("pa", pair.get("prefillPod").asText());
        assertEquals("da", pair.get("decodePod").asText());
        assertEquals("pa", decision.findValue("prefillRankings").get(0).get("ranked").get(0).asText());

        JsonNode server = JSON.readTree(harness.get(harness.adminUri("/debug/config_dump/modelservers")).body())
                .get("modelservers").get(0);
        assertEquals("a", server.at("/pdGroups/0/group").asText());
        assertEquals("[\"pa\"]", server.at("/pdGroups/0/prefillPods").toString());
        assertEquals("[\"da\"]", server.at("/pdGroups/0/decodePods").toString());
        assertEquals("stray", server.at("/pdUnusedPods/0/pod").asText());
    }

    @Test
    void prefillFailure_movesToTheNextPair_andPairsStayWithinTheirGroup() {
        SimulatedEngine pa = engine(EngineRole.PREFILL);
        SimulatedEngine da = engine(EngineRole.DECODE);
        SimulatedEngine pb = engine(EngineRole.PREFILL);
        SimulatedEngine db = engine(EngineRole.DECODE);
        pa.faults().errorRate(1.0, 500);
        harness.start(route("r", "m", "s") + pdServer("nixl") + pod("pa", "a", "prefill", pa.port())
                + pod("da", "a", "decode", da.port()) + pod("pb", "b", "prefill", pb.port())
                + pod("db", "b", "decode", db.port()));
        for (int i = 0; i < 16; i++) {
            assertEquals(200, harness.post("/v1/completions", distinct(PLAIN, i)).statusCode());
        }
        assertTrue(pa.stats().requestsReceived() > 0, "the failing pair was tried first at least once");
        assertEquals(0, da.stats().requestsReceived(), "da pairs only with pa, whose prefill always failed");
        assertEquals(16, db.stats().requestsReceived());
        assertEquals(16, metric(db, "sim_pd_kv_transfers_total"));
    }

    @Test
    void decodeFailure_movesToTheNextPair() {
        SimulatedEngine pa = engine(EngineRole.PREFILL);
        SimulatedEngine da = engine(EngineRole.DECODE);
        SimulatedEngine pb = engine(EngineRole.PREFILL);
        SimulatedEngine db = engine(EngineRole.DECODE);
        db.faults().errorRate(1.0, 503);
        harness.start(route("r", "m", "s") + pdServer("http") + pod("pa", "a", "prefill", pa.port())
                + pod("da", "a", "decode", da.port()) + pod("pb", "b", "prefill", pb.port())
                + pod("db", "b", "decode", db.port()));
        for (int i = 0; i < 16; i++) {
            HttpResponse<String> res = harness.post("/v1/completions", distinct(STREAM, i));
            assertEquals(200, res.statusCode(), res.body());
            assertTrue(res.body().trim().endsWith("data: [DONE]"), res.body());
        }
        assertTrue(db.stats().requestsReceived() > 0, "the failing decode was tried first at least once");
        assertEquals(16, da.stats().requestsReceived() - da.stats().requestsFailed());
    }

    @Test
    void decodeBreaksAfterTheFirstByte_streamEndsWithTheErrorEvent_noSecondPairNoSecondWrite() {
        SimulatedEngine p = engine(EngineRole.PREFILL);
        SimulatedEngine d1 = engine(EngineRole.DECODE);
        SimulatedEngine d2 = engine(EngineRole.DECODE);
        d1.faults().cutStreamAfter(2);
        d2.faults().cutStreamAfter(2);
        harness.start(route("r", "m", "s") + pdServer("http") + pod("p", "a", "prefill", p.port())
                + pod("d1", "a", "decode", d1.port()) + pod("d2", "a", "decode", d2.port()));
        HttpResponse<String> res = harness.post("/v1/completions", STREAM.replace("\"max_tokens\":5", "\"max_tokens\":20"));
        assertEquals(200, res.statusCode());
        List<String> events = res.body().lines().filter(l -> !l.isBlank()).toList();
        assertEquals("data: [DONE]", events.get(events.size() - 1), res.body());
        assertTrue(events.get(events.size() - 2).contains("upstream_stream_broken"), res.body());
        assertEquals(1, events.stream().filter(e -> e.equals("data: [DONE]")).count(), "one response, written once");
        assertEquals(1, p.stats().requestsReceived(), "no second pair after bytes reached the client");
        assertEquals(1, d1.stats().requestsReceived() + d2.stats().requestsReceived());
    }

    @Test
    void everyPrefillFails_decodeOnlyOnTheBestDecodePod_whichRecomputes() {
        SimulatedEngine p = engine(EngineRole.PREFILL);
        SimulatedEngine d = engine(EngineRole.DECODE);
        p.faults().refuseConnections(true);
        harness.start(route("r", "m", "s") + pdServer("nixl") + pod("p", "a", "prefill", p.port())
                + pod("d", "a", "decode", d.port()));
        // a prompt no other test prefilled: the simulated LMCache must not have it
        HttpResponse<String> res = harness.post("/v1/completions", distinct(PLAIN, -1));
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"completion_tokens\":5"), res.body());
        assertEquals(1, d.stats().requestsReceived());
        assertEquals(1, metric(d, "sim_pd_prefill_recomputed_total"));
        MetricsText m = new MetricsText(harness.get(harness.metricsUri("/metrics")).body());
        assertTrue(m.sum("llm_router_upstream_responses_total", "result", "decode_only_relayed") == 1, m.toString());
    }

    /** upstream.prefillDecode from a router config file reaches the PD gateway. */
    @Test
    void decodeOnlyFallbackTurnedOffInTheConfig_aFailedPrefillFailsTheRequest() throws Exception {
        SimulatedEngine p = engine(EngineRole.PREFILL);
        SimulatedEngine d = engine(EngineRole.DECODE);
        p.faults().refuseConnections(true);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("router", ".yaml");
        java.nio.file.Files.writeString(file, "upstream: {prefillDecode: {decodeOnlyFallback: false}}\n");
        io.llmrouter.domain.pd.PdSettings pd = io.llmrouter.bootstrap.config.RouterConfigLoader.load(file).upstream()
                .prefillDecode();
        assertTrue(!pd.decodeOnlyFallback());
        harness.start(route("r", "m", "s") + pdServer("nixl") + pod("p", "a", "prefill", p.port())
                + pod("d", "a", "decode", d.port()), c -> c.withUpstream(new io.llmrouter.bootstrap.config.UpstreamConfig(
                c.upstream().connectTimeout(), c.upstream().idleTimeout(), c.upstream().outlierDetection(), pd)));
        HttpResponse<String> res = harness.post("/v1/completions", distinct(PLAIN, -2));
        assertEquals(502, res.statusCode(), res.body());
        assertEquals(0, d.stats().requestsReceived(), "no decode-only attempt");
    }

    @Test
    void prefillSlowerThanTheTimeout_isAbandonedPerLeg_andTheDecodePodServes() {
        SimulatedEngine p = engine(EngineRole.PREFILL);
        SimulatedEngine d = engine(EngineRole.DECODE);
        p.faults().latencySpike(java.time.Duration.ofSeconds(3), 1.0);
        harness.start(route("r", "m", "s") + pdServer("http").replace("trafficPolicy: {retry: {attempts: 3}}",
                "trafficPolicy: {timeout: 400ms, retry: {attempts: 0}}") + pod("p", "a", "prefill", p.port())
                + pod("d", "a", "decode", d.port()));
        long began = System.nanoTime();
        HttpResponse<String> res = harness.post("/v1/completions", distinct(PLAIN, -2));
        long tookMs = (System.nanoTime() - began) / 1_000_000;
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(tookMs < 2500, "the prefill leg's own timeout (400 ms) ended it, not the 3 s engine: " + tookMs);
        assertEquals(1, d.stats().requestsReceived());
        MetricsText m = new MetricsText(harness.get(harness.metricsUri("/metrics")).body());
        assertEquals(1, m.sum("llm_router_upstream_responses_total", "result", "prefill_timed_out"), m.toString());
    }

    @Test
    void sglangServerWithoutKvConnector_usesTheSglangConnector_bothLegsGetTheBootstrapFields() {
        SimulatedEngine p = harness.engine(EngineOptions.builder().engine(EngineKind.SGLANG).model("model-x").port(0)
                .profile("instant").role(EngineRole.PREFILL).build());
        SimulatedEngine d = harness.engine(EngineOptions.builder().engine(EngineKind.SGLANG).model("model-x").port(0)
                .profile("instant").role(EngineRole.DECODE).build());
        harness.start(route("r", "m", "s") + pdServer("http").replace("inferenceEngine: vLLM", "inferenceEngine: SGLang")
                .replace("  kvConnector: {type: http}\n", "") + pod("p", "a", "prefill", p.port())
                + pod("d", "a", "decode", d.port()));
        HttpResponse<String> res = harness.post("/v1/completions", STREAM);
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().trim().endsWith("data: [DONE]"), res.body());
        String prefill = p.recordedRequests().get(0).body();
        assertTrue(prefill.contains("\"bootstrap_host\":\"127.0.0.1\",\"bootstrap_port\":8998,\"bootstrap_room\":"),
                prefill);
        assertEquals(prefill, d.recordedRequests().get(0).body(), "the same body to both legs");
    }

    @Test
    void prefill4xx_goesToTheClientAsItIs_withoutADecode() {
        SimulatedEngine p = engine(EngineRole.PREFILL);
        SimulatedEngine d = engine(EngineRole.DECODE);
        p.faults().errorRate(1.0, 422);
        harness.start(route("r", "m", "s") + pdServer("http") + pod("p", "a", "prefill", p.port())
                + pod("d", "a", "decode", d.port()));
        HttpResponse<String> res = harness.post("/v1/completions", PLAIN);
        assertEquals(422, res.statusCode(), res.body());
        assertEquals(0, d.stats().requestsReceived());
        assertEquals(1, p.stats().requestsReceived(), "a 4xx is the request's fault: not retried");
    }
}
