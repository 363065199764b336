package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.bootstrap.RecordingEngine.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the router relays between client and engine, observed on both wires: held-back 5xx bodies,
 * repeated and connection-scoped headers, rewritten request bodies, cut streams, and stale pooled
 * connections. The engine is {@link RecordingEngine}, which shows the bytes the router really sent.
 */
class ForwardingEndToEndTest {

    static RouterHarness harness;
    static RecordingEngine engine;

    @BeforeAll
    static void start() {
        engine = new RecordingEngine();
        harness = new RouterHarness();
        harness.start(route("r", "m", "s") + server("s", "m", "") + endpoint("e", "s", engine.port()));
    }

    @AfterAll
    static void stop() {
        harness.close();
        engine.close();
    }

    @BeforeEach
    void reset() {
        engine.clear();
        engine.respond(r -> Reply.json(200, RecordingEngine.COMPLETION));
    }

    // --- defect 3: a held-back 5xx body longer than the hold cap -------------------------------

    @Test
    void largeEngine5xx_reachesTheClientWithHeadersThatMatchTheBody() {
        String big = "{\"error\":\"" + "x".repeat(100_000 - 12) + "\"}";
        assertEquals(100_000, big.length());
        engine.respond(r -> Reply.json(500, big));
        long t0 = System.nanoTime();
        HttpResponse<byte[]> res = send(post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\"}"), Duration.ofSeconds(5));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(500, res.statusCode());
        // The held body is cut at the router's 64 KiB hold cap (documented); what matters is that the
        // client is told exactly what it gets and does not wait for the engine's 100000 bytes.
        assertEquals(64 * 1024, res.body().length);
        res.headers().firstValue("content-length").ifPresent(cl -> assertEquals(String.valueOf(res.body().length), cl));
        assertTrue(ms < 5_000, "took " + ms + " ms");
    }

    @Test
    void smallEngine5xx_isRelayedWhole() {
        engine.respond(r -> Reply.json(503, "{\"error\":\"busy\"}"));
        HttpResponse<byte[]> res = send(post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\"}"), Duration.ofSeconds(5));
        assertEquals(503, res.statusCode());
        assertEquals("{\"error\":\"busy\"}", new String(res.body(), StandardCharsets.UTF_8));
    }

    // --- helpers ---------------------------------------------------------------------------------

    static HttpRequest.Builder post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(harness.uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    static HttpResponse<byte[]> send(HttpRequest.Builder request, Duration timeout) {
        try {
            return harness.http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String text(HttpResponse<byte[]> res) {
        return new String(res.body(), StandardCharsets.UTF_8);
    }

    static List<String> lines(String s) {
        return new ArrayList<>(List.of(s.split("\n", -1)));
    }
}
