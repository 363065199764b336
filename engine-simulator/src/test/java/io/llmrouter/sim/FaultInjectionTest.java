package io.llmrouter.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private static final String COMPLETION = "{\"prompt\":\"fault test\",\"max_tokens\":4}";
    private SimulatedEngine engine;
    private SimHttpClient http;

    @BeforeEach
    void start() {
        engine = SimulatedEngine.start(EngineOptions.builder().profile("instant").build());
        http = new SimHttpClient(engine.baseUri());
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void errorRate_one_answersEveryRequestWithStatusInVllmShape() throws Exception {
        engine.faults().errorRate(1.0, 503);
        for (int i = 0; i < 3; i++) {
            var reply = http.post("/v1/completions", COMPLETION);
            assertEquals(503, reply.status());
            assertEquals(503, reply.json().at("/error/code").asInt());
        }
        assertEquals(3, engine.stats().requestsFailed());
        engine.faults().clear();
        assertEquals(200, http.post("/v1/completions", COMPLETION).status());
    }

    @Test
    void errorRate_half_failsSomeAndServesSome() throws Exception {
        engine.faults().errorRate(0.5, 500);
        int failed = 0;
        for (int i = 0; i < 40; i++) {
            failed += http.post("/v1/completions", COMPLETION).status() == 500 ? 1 : 0;
        }
        // 40 fair coin flips: P(all same) is 2^-39
        assertTrue(failed > 0 && failed < 40, "failed " + failed + " of 40");
    }

    @Test
    void refuseConnections_on_refusesThenServesOnSamePort() throws Exception {
        int port = engine.port();
        engine.faults().refuseConnections(true);
        assertThrows(ConnectException.class, () -> http.get("/health"));
        engine.faults().refuseConnections(false);
        assertEquals(port, engine.port());
        assertEquals(200, http.get("/health").status());
    }

    @Test
    void latencySpike_allRequests_delaysHeadersAtLeastTheSpike() throws Exception {
        engine.faults().latencySpike(Duration.ofMillis(300), 1.0);
        long start = System.nanoTime();
        assertEquals(200, http.post("/v1/completions", COMPLETION).status());
        // a lower bound only: the spike is a sleep, so this cannot flake on a slow machine
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
    }

    @Test
    void cutStreamAfter_three_closesConnectionWithoutDone() throws Exception {
        engine.faults().cutStreamAfter(3);
        try (RawSse sse = new RawSse(engine.port(), "/v1/completions",
            "{\"prompt\":\"cut\",\"max_tokens\":10,\"stream\":true}")) {
            String all = sse.readToEnd();
            assertEquals(3, sse.events());
            assertFalse(all.contains("[DONE]"));
            assertFalse(all.endsWith("0\r\n\r\n"), "the chunked body must not be terminated");
        }
        Await.until(() -> engine.stats().activeRequests() == 0, "cut request released");
    }

    @Test
    void metricsFailure_on_returns500() throws Exception {
        engine.faults().metricsFailure(true);
        assertEquals(500, http.get("/metrics").status());
    }

    @Test
    void metricsDelay_twoHundredMillis_delaysScrape() throws Exception {
        engine.faults().metricsDelay(Duration.ofMillis(200));
        long start = System.nanoTime();
        assertEquals(200, http.get("/metrics").status());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos());
    }

    @Test
    void clientDisconnect_midStream_abortsRequestAndFreesBlocks() throws Exception {
        engine.close();
        engine = SimulatedEngine.start(EngineOptions.builder().profile("h100-7b").speedup(1.0).build());
        try (RawSse sse = new RawSse(engine.port(), "/v1/completions",
            "{\"prompt\":\"" + "long prompt ".repeat(100) + "\",\"max_tokens\":3000,\"stream\":true}")) {
            assertTrue(sse.awaitEvents(3));
            assertTrue(engine.state().usedBlocks() > 0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Await.until(() -> engine.stats().requestsAborted() == 1, "abort noticed on the next write");
        assertEquals(0, engine.state().usedBlocks());
        assertEquals(0, engine.stats().activeRequests());
        assertEquals(0, engine.stats().requestsCompleted());
    }

    @Test
    void close_midStream_abortsRequestAndEndsTheStream() throws Exception {
        engine.close();
        engine = SimulatedEngine.start(EngineOptions.builder().profile("h100-7b").build());
        try (RawSse sse = new RawSse(engine.port(), "/v1/completions",
            "{\"prompt\":\"closing\",\"max_tokens\":3000,\"stream\":true}")) {
            assertTrue(sse.awaitEvents(2));
            engine.close();
            assertFalse(sse.readToEnd().contains("[DONE]"));
        }
        assertEquals(1, engine.stats().requestsAborted());
        assertEquals(0, engine.stats().activeRequests());
    }
}
