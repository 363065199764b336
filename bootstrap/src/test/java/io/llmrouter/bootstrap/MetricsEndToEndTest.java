package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.SimulatedEngine;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Prometheus metrics on the metrics listener after known traffic through a real router and simulated engines. */
class MetricsEndToEndTest {

    private static final String COMPLETION = "{\"model\":\"m\",\"prompt\":\"hello there\",\"max_tokens\":3}";
    private static final String STREAM = "{\"model\":\"m\",\"prompt\":\"hello there\",\"max_tokens\":3,\"stream\":true}";
    private static final Pattern PROMPT_TOKENS = Pattern.compile("\"prompt_tokens\":(\\d+)");

    private final RouterHarness harness = new RouterHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void metrics_knownTraffic_countsRequestsTokensStatusesAndPods() {
        SimulatedEngine engine = harness.engine("model-x");
        harness.start(route("r", "m", "s") + server("s", "model-x", "") + endpoint("e", "s", engine.port()));
        long promptTokens = 0;
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> res = harness.post("/v1/completions", COMPLETION);
            assertEquals(200, res.statusCode(), res.body());
            promptTokens = promptTokens(res.body());
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(200, harness.post("/v1/completions", STREAM).statusCode());
        }
        assertEquals(404, harness.post("/v1/completions", "{\"model\":\"nope\",\"prompt\":\"x\"}").statusCode());

        MetricsText m = scrape();
        String[] served = {"model", "m", "path", "/v1/completions", "model_route", "default/r",
            "backend_type", "model_server", "backend_name", "default/s", "upstream_model", "model-x"};
        assertEquals(5, m.sum("kthena_router_requests_total", with(served, "status_code", "200",
                "error_type", "successful_request")), m.toString());
        assertEquals(1, m.sum("kthena_router_requests_total", "model", "unknown", "status_code", "404",
                "error_type", "route_not_found", "backend_type", "none"));
        assertEquals(5, m.sum("kthena_router_request_duration_seconds_count", with(served, "status_code", "200")));
        // Same prompt five times: the streams' usage came from the chunk the router asked for and hid.
        assertEquals(5 * promptTokens, m.sum("kthena_router_tokens_total", with(served, "token_type", "input")));
        assertEquals(5 * 3, m.sum("kthena_router_tokens_total", with(served, "token_type", "output")));
        assertFalse(m.has("kthena_router_tokens_total", "model", "unknown"), "no token series for a refused request");
        assertEquals(5, m.sum("llm_router_upstream_responses_total", "model_server", "default/s",
                "status_code", "200", "result", "relayed"));
        assertEquals(5, m.sum("kthena_router_request_prefill_duration_seconds_count", "model", "m", "status_code", "200"));
        assertEquals(6, m.sum("llm_router_request_parse_duration_seconds_count", "path", "/v1/completions"));
        assertEquals(5, m.sum("llm_router_scheduler_decision_duration_seconds_count", "model", "m"));
        assertEquals(5, m.sum("kthena_router_scheduler_plugin_duration_seconds_count", "model", "m",
                "plugin", "least-request", "type", "score"));
        assertEquals(0, m.sum("kthena_router_active_requests"));
        assertTrue(m.has("kthena_router_active_upstream_requests", "model_server", "default/s", "pod", "default/e"));
        assertTrue(m.has("llm_router_engine_metrics_scrape_failures_total", "pod", "default/e"));
        assertTrue(m.has("kthena_router_prefix_cache_entries"));
        assertTrue(m.has("jvm_memory_used_bytes") && m.has("process_uptime_seconds"), "JVM and process metrics");
    }

    @Test
    void metrics_engineAnswers500WithNoRetryLeft_upstreamStatusesAndRetriesCounted() {
        SimulatedEngine failing = harness.engine("model-x");
        failing.faults().errorRate(1.0, 500);
        harness.start(route("r", "m", "s") + server("s", "model-x", "trafficPolicy: {retry: {attempts: 1}}")
                + endpoint("e", "s", failing.port()));
        assertEquals(500, harness.post("/v1/completions", COMPLETION).statusCode());

        MetricsText m = scrape();
        assertEquals(1, m.sum("kthena_router_requests_total", "model", "m", "status_code", "500",
                "error_type", "request_failed"));
        assertEquals(2, m.sum("llm_router_upstream_responses_total", "model_server", "default/s",
                "status_code", "500", "result", "server_error"));
        assertEquals(1, m.sum("llm_router_upstream_retries_total", "model_server", "default/s"));
    }

    @Test
    void stream_clientDidNotAskForUsage_usageChunkHiddenButTokensCounted() {
        SimulatedEngine engine = harness.engine("model-x");
        harness.start(route("r", "m", "s") + server("s", "model-x", "") + endpoint("e", "s", engine.port()));
        HttpResponse<String> res = harness.post("/v1/completions", STREAM);
        assertEquals(200, res.statusCode());
        assertFalse(res.body().contains("\"choices\":[]"), res.body());
        assertFalse(res.body().contains("\"prompt_tokens\""), res.body());
        assertTrue(res.body().trim().endsWith("data: [DONE]"), res.body());
        assertEquals(3, scrape().sum("kthena_router_tokens_total", "model", "m", "token_type", "output"));
    }

    @Test
    void stream_clientAskedForUsage_usageChunkRelayed() {
        SimulatedEngine engine = harness.engine("model-x");
        harness.start(route("r", "m", "s") + server("s", "model-x", "") + endpoint("e", "s", engine.port()));
        String body = "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":3,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}";
        HttpResponse<String> res = harness.post("/v1/completions", body);
        assertTrue(res.body().contains("\"choices\":[]") && res.body().contains("\"completion_tokens\":3"), res.body());
        assertEquals(3, scrape().sum("kthena_router_tokens_total", "model", "m", "token_type", "output"));
    }

    @Test
    void scrape_openMetricsAccepted_answersOpenMetrics() throws Exception {
        harness.start(route("r", "m", "s") + server("s", "model-x", ""));
        HttpResponse<String> res = harness.http.send(HttpRequest.newBuilder(harness.metricsUri("/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(res.body().trim().endsWith("# EOF"), "OpenMetrics ends with # EOF");
        HttpResponse<String> text = harness.get(harness.metricsUri("/metrics"));
        assertTrue(text.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
    }

    private MetricsText scrape() {
        HttpResponse<String> res = harness.get(harness.metricsUri("/metrics"));
        assertEquals(200, res.statusCode(), res.body());
        return new MetricsText(res.body());
    }

    private static long promptTokens(String body) {
        Matcher matcher = PROMPT_TOKENS.matcher(body);
        assertTrue(matcher.find(), body);
        return Long.parseLong(matcher.group(1));
    }

    private static String[] with(String[] base, String... more) {
        String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }
}
