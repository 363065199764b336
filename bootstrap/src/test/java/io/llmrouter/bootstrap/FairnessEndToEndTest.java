package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.bootstrap.config.AccessLogConfig;
import io.llmrouter.bootstrap.config.FairnessConfig;
import io.llmrouter.domain.fairness.FairnessSettings;
import io.llmrouter.domain.fairness.GateSettings;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fairness queue through the real router and the engine simulator: one slot per model
 * ({@code maxConcurrent: 1}) held by a long streamed answer, so every other request must wait, and
 * leaves the queue on timeout (504), when the queue is full (429 + Retry-After) or the moment its
 * client hangs up, never reaching the engine.
 */
class FairnessEndToEndTest {

    private static final String LONG = "{\"model\":\"m\",\"prompt\":\"tell a long story\",\"max_tokens\":3000,"
            + "\"stream\":true}";
    private static final String SHORT = "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":2}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RouterHarness harness = new RouterHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    private SimulatedEngine start(FairnessSettings settings) {
        SimulatedEngine engine = harness.engine(EngineOptions.builder().engine(EngineKind.VLLM).model("model-x")
                .port(0).profile("h100-7b").build());
        harness.start(route("r", "m", "s") + server("s", "model-x", "") + endpoint("e", "s", engine.port()),
                c -> c.withFairness(new FairnessConfig(true, settings.withGate(GateSettings.maxConcurrent(1)))));
        return engine;
    }

    /** Holds the model's one slot with a long stream; closing the socket ends it. */
    private Socket occupy(SimulatedEngine engine) throws IOException {
        Socket s = send(LONG);
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> engine.recordedRequests().size() == 1),
                "the long request reached the engine");
        return s;
    }

    private Socket send(String body) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), harness.router().inferencePort());
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        return s;
    }

    @Test
    void queueTimeout_504InTheOpenAiEnvelope_nothingSentUpstream() throws Exception {
        SimulatedEngine engine = start(FairnessSettings.DEFAULT.withQueueTimeout(Duration.ofMillis(300)));
        try (Socket held = occupy(engine)) {
            long t0 = System.nanoTime();
            HttpResponse<String> res = harness.post("/v1/completions", SHORT);
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(504, res.statusCode(), res.body());
            assertTrue(res.body().contains("\"code\":\"fairness_queue_timeout\""), res.body());
            assertTrue(waited >= 290 && waited < 3000, "waited " + waited + " ms");
            assertEquals(1, engine.recordedRequests().size(), "the timed-out request never reached the engine");
        }
    }

    @Test
    void fullQueue_429WithRetryAfter() throws Exception {
        SimulatedEngine engine = start(FairnessSettings.DEFAULT.withBounds(1, 1L << 20));
        try (Socket held = occupy(engine); Socket queued = send(SHORT)) {
            Thread.sleep(200); // the second request is in the queue now
            HttpResponse<String> res = harness.post("/v1/completions", SHORT);
            assertEquals(429, res.statusCode(), res.body());
            assertTrue(res.body().contains("\"code\":\"fairness_queue_full\""), res.body());
            assertEquals("1", res.headers().firstValue("retry-after").orElse(""));
            assertEquals(1, engine.recordedRequests().size());
        }
    }

    @Test
    void clientDisconnect_leavesTheQueueAtOnce_nothingSentUpstream() throws Exception {
        SimulatedEngine engine = start(FairnessSettings.DEFAULT.withBounds(1, 1L << 20));
        try (Socket held = occupy(engine)) {
            Socket leaving = send(SHORT);
            Thread.sleep(200);
            leaving.close();
            // The queue holds one request at most: a new one is accepted only once the leaver is out.
            assertTrue(RouterHarness.eventually(Duration.ofMillis(1000), () -> {
                CompletableFuture<HttpResponse<String>> next = CompletableFuture.supplyAsync(
                        () -> harness.post("/v1/completions", SHORT));
                try {
                    return next.get(150, java.util.concurrent.TimeUnit.MILLISECONDS).statusCode() != 429;
                } catch (java.util.concurrent.TimeoutException e) {
                    return true; // queued: accepted
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }), "the hung-up request still held the queue's only place");
            held.close();
            // the waiting request goes once the slot frees; the hung-up one never does
            assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> engine.recordedRequests().size() == 2));
            Thread.sleep(300);
            assertEquals(2, engine.recordedRequests().size(), "the hung-up request must never reach the engine");
        }
    }

    @Test
    void debugFairnessAndMetrics_showTheQueueWithEachWaitingUsersPriority() throws Exception {
        SimulatedEngine engine = start(FairnessSettings.DEFAULT.withQueueTimeout(Duration.ofMillis(400)));
        try (Socket held = occupy(engine); Socket waiting = send(SHORT)) {
            assertTrue(RouterHarness.eventually(Duration.ofSeconds(2),
                    () -> harness.get(harness.adminUri("/debug/fairness")).body().contains("\"queued\":1")));
            String debug = harness.get(harness.adminUri("/debug/fairness")).body();
            assertTrue(debug.contains("\"model\":\"m\"") && debug.contains("\"inflight\":1")
                    && debug.contains("\"user\":\"(anonymous)\"") && debug.contains("\"priority\":\"lowest\""), debug);
            String metrics = harness.get(harness.metricsUri("/metrics")).body();
            for (String family : new String[] {"kthena_router_fairness_queue_size{model=\"m\",user_id=\"_all\"} 1",
                    "kthena_router_fairness_queue_inflight{model=\"m\"} 1",
                    "kthena_router_fairness_queue_dequeue_total{model=\"m\",user_id=\"_all\"} 1",
                    "kthena_router_fairness_queue_duration_seconds_count{model=\"m\",user_id=\"_all\"} 1"}) {
                assertTrue(metrics.contains(family), family + " in\n" + metrics);
            }
            assertTrue(RouterHarness.eventually(Duration.ofSeconds(2), () -> harness.get(harness.metricsUri("/metrics"))
                    .body().contains("kthena_router_fairness_queue_cancelled_total{model=\"m\",user_id=\"_all\"} 1")),
                    "the timed-out request counts as cancelled");
        }
    }

    @Test
    void accessLog_queueWaitIsItsOwnField_json() throws Exception {
        Path log = Files.createTempFile("access", ".log");
        harness.configure(c -> c.withAccessLog(new AccessLogConfig(true, "json", log.toString(), 64)));
        SimulatedEngine engine = start(FairnessSettings.DEFAULT.withQueueTimeout(Duration.ofSeconds(10)));
        CompletableFuture<HttpResponse<String>> queued;
        try (Socket held = occupy(engine)) {
            queued = CompletableFuture.supplyAsync(() -> harness.post("/v1/completions", SHORT));
            assertTrue(RouterHarness.eventually(Duration.ofSeconds(2),
                    () -> harness.get(harness.adminUri("/debug/fairness")).body().contains("\"queued\":1")));
            Thread.sleep(300); // the short request waits at least this long for the slot
        }
        assertEquals(200, queued.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode());
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(10), () -> lines(log).size() >= 2), lines(log).toString());
        // the long stream's line says client_disconnected (its socket was closed); the short one has no error
        JsonNode shortOne = lines(log).stream().filter(l -> !l.has("error")).findFirst().orElseThrow();
        long wait = shortOne.path("duration_queue_wait").asLong(-1);
        assertTrue(wait >= 290 && wait <= shortOne.path("duration_request_processing").asLong(), shortOne.toString());
        JsonNode longOne = lines(log).stream().filter(l -> !l.path("request_id").equals(shortOne.path("request_id")))
                .findFirst().orElseThrow();
        assertTrue(longOne.path("duration_queue_wait").asLong(-1) >= 0
                && longOne.path("duration_queue_wait").asLong() < 250, "the first request found the slot free: " + longOne);
    }

    @Test
    void accessLog_timedOutInTheQueue_textLineCarriesTheWait() throws Exception {
        Path log = Files.createTempFile("access", ".log");
        harness.configure(c -> c.withAccessLog(new AccessLogConfig(true, "text", log.toString(), 64)));
        SimulatedEngine engine = start(FairnessSettings.DEFAULT.withQueueTimeout(Duration.ofMillis(300)));
        try (Socket held = occupy(engine)) {
            assertEquals(504, harness.post("/v1/completions", SHORT).statusCode());
            assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> raw(log).stream()
                    .anyMatch(l -> l.contains("\" 504 "))), raw(log).toString());
            String line = raw(log).stream().filter(l -> l.contains("\" 504 ")).findFirst().orElseThrow();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(" queue_wait=(\\d+)ms").matcher(line);
            assertTrue(m.find(), line);
            assertTrue(Long.parseLong(m.group(1)) >= 290, line);
        }
    }

    private static List<String> raw(Path log) {
        try {
            return Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<JsonNode> lines(Path log) {
        return raw(log).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }
}
