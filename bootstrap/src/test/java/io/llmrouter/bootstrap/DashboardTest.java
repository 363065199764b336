package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.bootstrap.config.SchedulerConfig;
import io.llmrouter.bootstrap.config.ScoreEntry;
import io.llmrouter.sim.SimulatedEngine;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard in {@code deploy/grafana}: valid JSON with sane panels, and every query names
 * a metric that a real router exports (scraped after traffic that creates even the lazily registered
 * series: a fallback, a retry, an unknown model).
 */
class DashboardTest {

    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "llm-router-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b(?:kthena_router|llm_router)_[a-z0-9_]+");

    private final RouterHarness harness = new RouterHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void dashboard_parses_everyPanelHasAQueryAndFitsTheGrid() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());

        assertEquals("llm-router", dashboard.get("uid").asText());
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertTrue(ids.add(panel.get("id").asInt()), "duplicate panel id " + panel.get("id"));
            JsonNode grid = panel.get("gridPos");
            assertTrue(grid.get("x").asInt() + grid.get("w").asInt() <= 24, panel.get("title").asText());
            if (!panel.get("type").asText().equals("row")) {
                assertFalse(panel.get("targets").isEmpty(), panel.get("title").asText());
                panel.get("targets").forEach(t -> assertBalanced(t.get("expr").asText()));
            }
        }
    }

    /**
     * Every queried metric has a series, and no series reads NaN: a blank panel is as broken as a
     * missing name. The only NaN allowed is on the two pods built to have no engine metrics (e2's
     * translator finds nothing on a vLLM engine, e3 refuses connections), which is what the per-pod
     * engine gauges promise for a pod the router cannot read. The JVM collects garbage first, so a
     * meter whose state Micrometer held weakly has lost it, as it would in a long-running router.
     */
    @Test
    void dashboard_everyQueriedMetric_isExportedWithAValue() throws Exception {
        MetricsText scrape = new MetricsText(scrapeAfterTraffic(harness));

        Set<String> missing = new TreeSet<>();
        Set<String> nan = new TreeSet<>();
        for (String metric : queriedMetrics()) {
            if (!scrape.has(metric)) {
                missing.add(metric);
            }
            for (String sample : scrape.samples(metric)) {
                if (sample.endsWith(" NaN") && !sample.contains("pod=\"default/e2\"")
                        && !sample.contains("pod=\"default/e3\"")) {
                    nan.add(sample);
                }
            }
        }
        assertEquals(Set.of(), missing, "queried by the dashboard, absent from /metrics");
        assertEquals(Set.of(), nan, "queried by the dashboard, NaN on /metrics");
    }

    private static List<String> queriedMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> metrics = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        dashboard.get("panels").forEach(p -> p.path("targets").forEach(t -> queries.add(t.get("expr").asText())));
        dashboard.at("/templating/list").forEach(v -> queries.add(v.path("definition").asText()));
        for (String query : queries) {
            Matcher m = METRIC.matcher(query);
            while (m.find()) {
                metrics.add(m.group());
            }
        }
        assertTrue(metrics.size() > 20, "the pattern found the queries' metrics: " + metrics);
        return metrics;
    }

    /**
     * One good request, one stream, an unknown model, a server whose only pod refuses (a retry), and
     * a scheduler whose only scorer needs KV usage that SGLang's translator cannot find on a vLLM
     * engine (so it steps aside: a fallback).
     */
    static String scrapeAfterTraffic(RouterHarness harness) throws Exception {
        SimulatedEngine engine = harness.engine("model-x");
        String sglangNamed = server("s2", "model-x", "").replace("inferenceEngine: vLLM", "inferenceEngine: SGLang");
        SchedulerConfig gpuOnly = new SchedulerConfig(Map.of(), List.of(), List.of(new ScoreEntry("gpu-usage", 1)), 3);
        harness.start(route("r", "m", "s") + server("s", "model-x", "") + endpoint("e", "s", engine.port())
                + route("r2", "m2", "s2") + sglangNamed + endpoint("e2", "s2", engine.port())
                + route("r3", "m3", "s3") + server("s3", "model-x", "trafficPolicy: {retry: {attempts: 1}}")
                + endpoint("e3", "s3", "127.0.0.1:1", true), RouterHarness.InboundDefaults.MAX_BODY, gpuOnly);
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> harness.router().metrics()
                .entry(io.llmrouter.domain.resource.ResourceId.of("default", "e")).flatMap(x -> x.metrics()).isPresent()));
        assertEquals(200, harness.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":2}").statusCode());
        assertEquals(200, harness.post("/v1/completions",
                "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":2,\"stream\":true}").statusCode());
        assertEquals(200, harness.post("/v1/completions", "{\"model\":\"m2\",\"prompt\":\"hi\",\"max_tokens\":2}").statusCode());
        assertEquals(502, harness.post("/v1/completions", "{\"model\":\"m3\",\"prompt\":\"hi\"}").statusCode());
        assertEquals(404, harness.post("/v1/completions", "{\"model\":\"nope\",\"prompt\":\"hi\"}").statusCode());
        collectGarbage();
        HttpResponse<String> res = harness.http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + harness.router().metricsPort() + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        return "\n" + res.body();
    }

    /** Enough collections that weakly held meter state is gone (one is usually enough; three is cheap). */
    static void collectGarbage() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
    }

    private static void assertBalanced(String expr) {
        int depth = 0;
        for (char c : expr.toCharArray()) {
            depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
            assertTrue(depth >= 0, expr);
        }
        assertEquals(0, depth, expr);
    }
}
