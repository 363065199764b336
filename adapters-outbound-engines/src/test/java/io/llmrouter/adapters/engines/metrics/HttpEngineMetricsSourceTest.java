package io.llmrouter.adapters.engines.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.port.EngineMetricsSource.ScrapeException;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scrapes the project's simulated engines over loopback: real HTTP, real expositions, no mocks. */
class HttpEngineMetricsSourceTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final HttpEngineMetricsSource source =
            new HttpEngineMetricsSource(Duration.ofSeconds(5), 4 * 1024 * 1024, Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<Arguments> engines() {
        return Stream.of(
                Arguments.of(EngineKind.VLLM, false, InferenceEngine.VLLM),
                Arguments.of(EngineKind.VLLM, true, InferenceEngine.VLLM),
                Arguments.of(EngineKind.SGLANG, false, InferenceEngine.SGLANG),
                Arguments.of(EngineKind.TGI, false, InferenceEngine.TGI));
    }

    private static SimulatedEngine start(EngineKind kind, boolean legacy) {
        // h100-7b timings sped up 20x: latencies are positive, yet a request takes milliseconds.
        return SimulatedEngine.start(EngineOptions.builder().engine(kind).model("m").port(0).profile("h100-7b")
                .speedup(20).legacyMetricNames(legacy).build());
    }

    private static Pod pod(String name, int port) {
        return new Pod(ObjectMeta.of("default", name), "127.0.0.1", OptionalInt.of(port), true);
    }

    private static void complete(SimulatedEngine engine, int requests) throws Exception {
        for (int i = 0; i < requests; i++) {
            HttpRequest request = HttpRequest.newBuilder(engine.baseUri().resolve("/v1/completions"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"m\",\"prompt\":\"tell me about request " + i + "\",\"max_tokens\":8}"))
                    .build();
            assertEquals(200, HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @ParameterizedTest(name = "{0} legacy={1}")
    @MethodSource("engines")
    void scrape_simulatedEngineBeforeAndAfterRequests_saneSnapshot(EngineKind kind, boolean legacy,
                                                                 InferenceEngine engine) throws Exception {
        try (SimulatedEngine sim = start(kind, legacy)) {
            Pod pod = pod("pod-a", sim.port());
            complete(sim, 2);
            PodMetrics first = source.scrape(pod, sim.port(), engine);
            complete(sim, 3);
            PodMetrics second = source.scrape(pod, sim.port(), engine);

            assertTrue(Double.isNaN(first.ttftSeconds()), "first scrape has no interval");
            assertEquals(0, second.running());
            assertEquals(0, second.waiting());
            assertTrue(second.kvCacheUsage() >= 0 && second.kvCacheUsage() <= 1, "kv " + second.kvCacheUsage());
            assertTrue(second.ttftSeconds() > 0 && second.ttftSeconds() < 10, "ttft " + second.ttftSeconds());
            assertTrue(second.tpotSeconds() > 0 && second.tpotSeconds() < 1, "tpot " + second.tpotSeconds());
            assertTrue(second.kvCapacityTokens() > 0, "capacity " + second.kvCapacityTokens());
            assertEquals(NOW, second.scrapedAt());
        }
    }

    @Test
    void scrape_vllmSimulator_loraSlotsAndPrefixHitRateRead() throws Exception {
        try (SimulatedEngine sim = SimulatedEngine.start(EngineOptions.builder().engine(EngineKind.VLLM).model("m")
                .port(0).profile("h100-7b").speedup(20).loras("sql-lora").maxLoras(3).build())) {
            Pod pod = pod("pod-a", sim.port());
            complete(sim, 1);
            source.scrape(pod, sim.port(), InferenceEngine.VLLM);
            complete(sim, 2);
            PodMetrics m = source.scrape(pod, sim.port(), InferenceEngine.VLLM);
            assertEquals(3, m.maxLoras());
            assertTrue(m.prefixHitRate() >= 0 && m.prefixHitRate() <= 1, "hit rate " + m.prefixHitRate());
        }
    }

    @Test
    void scrape_vllmSimulatorWithoutLora_slotsUnknown() throws Exception {
        // Like vLLM without --enable-lora: no vllm:lora_requests_info, so the slots are unknown, not 0.
        try (SimulatedEngine sim = start(EngineKind.VLLM, false)) {
            complete(sim, 1);
            assertEquals(-1, source.scrape(pod("pod-b", sim.port()), sim.port(), InferenceEngine.VLLM).maxLoras());
        }
    }

    @Test
    void scrape_threeEnginesConcurrently_eachPodKeepsItsOwnMemory() throws Exception {
        List<SimulatedEngine> sims = List.of(start(EngineKind.VLLM, false), start(EngineKind.SGLANG, false),
                start(EngineKind.TGI, false));
        List<InferenceEngine> engines = List.of(InferenceEngine.VLLM, InferenceEngine.SGLANG, InferenceEngine.TGI);
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<PodMetrics>> scrapes = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < sims.size(); i++) {
                    int index = i;
                    scrapes.add(pool.submit(() -> source.scrape(pod("pod-" + index, sims.get(index).port()),
                            sims.get(index).port(), engines.get(index))));
                }
            }
            for (Future<PodMetrics> scrape : scrapes) {
                assertTrue(scrape.get().running() >= 0);
            }
            assertEquals(3, source.history.size());
            for (int i = 0; i < sims.size(); i++) {
                source.forget(pod("pod-" + i, 0));
            }
            assertEquals(0, source.history.size());
        } finally {
            sims.forEach(SimulatedEngine::close);
        }
    }

    @Test
    void scrape_engineAnswers500_scrapeExceptionNamesStatus() {
        try (SimulatedEngine sim = start(EngineKind.VLLM, false)) {
            sim.faults().metricsFailure(true);
            ScrapeException e = assertThrows(ScrapeException.class,
                    () -> source.scrape(pod("pod-a", sim.port()), sim.port(), InferenceEngine.VLLM));
            assertTrue(e.getMessage().contains("/metrics: HTTP 500"), e.getMessage());
            assertFalse(e.unreachable(), "it answered: up, if unwell");
        }
    }

    @Test
    void scrape_slowerThanTimeout_scrapeException() {
        HttpEngineMetricsSource impatient =
                new HttpEngineMetricsSource(Duration.ofMillis(200), 4 * 1024 * 1024, Clock.fixed(NOW, ZoneOffset.UTC));
        try (SimulatedEngine sim = start(EngineKind.SGLANG, false)) {
            sim.faults().metricsDelay(Duration.ofSeconds(3));
            ScrapeException e = assertThrows(ScrapeException.class,
                    () -> impatient.scrape(pod("pod-a", sim.port()), sim.port(), InferenceEngine.SGLANG));
            assertFalse(e.unreachable(), "slow is not down");
        }
    }

    @Test
    void scrape_connectionRefused_scrapeException() {
        int port;
        try (SimulatedEngine sim = start(EngineKind.TGI, false)) {
            port = sim.port();
        }
        int closedPort = port;
        ScrapeException e = assertThrows(ScrapeException.class,
                () -> source.scrape(pod("pod-a", closedPort), closedPort, InferenceEngine.TGI));
        assertTrue(e.getMessage().startsWith("http://127.0.0.1:" + closedPort + "/metrics: "), e.getMessage());
        assertTrue(e.unreachable(), "a refused connection is what scheduling ranks last");
    }

    @Test
    void scrape_notPrometheusText_scrapeExceptionWithLine() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = "vllm:num_requests_running 1\n<html>oops</html>\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException ignored) {
                // the client hung up; nothing to do in a test server
            }
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            ScrapeException e = assertThrows(ScrapeException.class,
                    () -> source.scrape(pod("pod-a", port), port, InferenceEngine.VLLM));
            assertTrue(e.getMessage().contains("not Prometheus text, line 2: "), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void hostForUrl_ipv6Literal_bracketed() {
        assertEquals("[fd00::1]", HttpEngineMetricsSource.hostForUrl("fd00::1"));
        assertEquals("10.0.0.7", HttpEngineMetricsSource.hostForUrl("10.0.0.7"));
        assertEquals(URI.create("http://[fd00::1]:8000/metrics").getHost(), "[fd00::1]");
    }
}
