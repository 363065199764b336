package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.bootstrap.config.ShutdownConfig;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The router's front door under a shutdown and under overload, end to end on loopback: a drain
 * that lets running streams finish, cuts the ones that outlive it with an error event and
 * {@code [DONE]}, and a bound on concurrent requests answered at once with 429 and Retry-After.
 */
class ShutdownAndOverloadEndToEndTest {

    private final RouterHarness harness = new RouterHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    /** A real-timed engine: a token every few milliseconds, so max_tokens sets how long a stream lasts. */
    private void startWithTimedEngine(UnaryOperator<io.llmrouter.bootstrap.config.RouterConfig> tweak) {
        SimulatedEngine engine = harness.engine(EngineOptions.builder().engine(EngineKind.VLLM).model("m").port(0)
                .profile("h100-7b").build());
        harness.start(route("r", "m", "s") + server("s", "m", "") + endpoint("a", "s", engine.port()), tweak);
    }

    /** The stream's lines, read on a background thread; {@code firstEvent} opens when the first data line came. */
    private record Stream(CompletableFuture<List<String>> lines, CountDownLatch firstEvent) {
    }

    private Stream stream(int maxTokens) {
        HttpRequest request = HttpRequest.newBuilder(harness.uri("/v1/completions")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"prompt\":\"tell a long story\","
                        + "\"stream\":true,\"max_tokens\":" + maxTokens + ",\"ignore_eos\":true}"))
                .build();
        CountDownLatch first = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<java.util.stream.Stream<String>> response = harness.http.send(request,
                        HttpResponse.BodyHandlers.ofLines());
                assertEquals(200, response.statusCode());
                response.body().forEach(line -> {
                    seen.add(line);
                    if (line.startsWith("data: ")) {
                        first.countDown();
                    }
                });
            } catch (IOException e) {
                seen.add("<client saw: " + e + ">");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return seen;
        });
        return new Stream(lines, first);
    }

    private static List<String> data(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("data: ")).toList();
    }

    private CompletableFuture<Void> shutDownInBackground() {
        return CompletableFuture.runAsync(() -> harness.router().shutDownGracefully());
    }

    @Test
    void shutdown_streamRunningAtSigterm_completesWithinTheDrainAndReadyzTurns503AtOnce() throws Exception {
        startWithTimedEngine(c -> c.withShutdown(new ShutdownConfig(Duration.ofMillis(800), Duration.ofSeconds(20))));
        Stream stream = stream(150);
        assertTrue(stream.firstEvent().await(10, TimeUnit.SECONDS), "the stream never started");
        int adminPort = harness.router().adminPort();
        int inferencePort = harness.router().inferencePort();
        CompletableFuture<Void> shutdown = shutDownInBackground();
        Thread.sleep(200);
        HttpResponse<String> ready = harness.get(java.net.URI.create("http://127.0.0.1:" + adminPort + "/readyz"));
        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("shutting down"), ready.body());

        List<String> lines = stream.lines().get(30, TimeUnit.SECONDS);
        List<String> data = data(lines);
        assertEquals("data: [DONE]", data.get(data.size() - 1), "the stream must end whole: " + lines);
        assertTrue(data.stream().noneMatch(l -> l.contains("\"error\"")), "a stream that finished in time has no error: "
                + lines);
        assertTrue(data.size() > 100, "the stream was cut short: " + data.size() + " events");
        shutdown.get(20, TimeUnit.SECONDS);
        // Past the grace period the listeners refuse new connections.
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), inferencePort).close());
    }

    @Test
    void shutdown_streamOutlivingTheDrainTimeout_endsWithTheRouterErrorEventAndDone() throws Exception {
        startWithTimedEngine(c -> c.withShutdown(new ShutdownConfig(Duration.ZERO, Duration.ofMillis(700))));
        Stream stream = stream(20_000);
        assertTrue(stream.firstEvent().await(10, TimeUnit.SECONDS), "the stream never started");
        long start = System.nanoTime();
        shutDownInBackground().get(20, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        List<String> lines = stream.lines().get(10, TimeUnit.SECONDS);
        List<String> data = data(lines);
        assertEquals("data: [DONE]", data.get(data.size() - 1), "a cut stream must still end with [DONE]: " + tail(lines));
        String error = data.get(data.size() - 2);
        assertTrue(error.contains("\"code\":\"router_shutting_down\"") && error.contains("shutdown.drainTimeout"),
                "the last event before [DONE] says the router ended it: " + tail(lines));
        assertTrue(tookMs >= 650 && tookMs < 8_000, "shutdown took " + tookMs + " ms for a drain timeout of 700 ms");
    }

    @Test
    void shutdown_withNothingInFlight_returnsAfterTheGracePeriodOnly() throws Exception {
        startWithTimedEngine(c -> c.withShutdown(new ShutdownConfig(Duration.ofMillis(300), Duration.ofSeconds(20))));
        // An idle kept-alive client connection must not hold the shutdown for the drain timeout.
        assertEquals(200, harness.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":2}")
                .statusCode());
        long start = System.nanoTime();
        shutDownInBackground().get(30, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 280 && tookMs < 4_000, "shutdown took " + tookMs + " ms");
    }

    @Test
    void overload_pastTheBound_immediate429WithRetryAfterAndNoThreadGrowth() throws Exception {
        startWithTimedEngine(c -> c.withLimits(c.limits().withMaxConcurrentRequests(2)));
        Stream a = stream(400);
        Stream b = stream(400);
        assertTrue(a.firstEvent().await(10, TimeUnit.SECONDS) && b.firstEvent().await(10, TimeUnit.SECONDS));
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<Long> latenciesMs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long sent = System.nanoTime();
            HttpResponse<String> refused = harness.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\"}");
            latenciesMs.add((System.nanoTime() - sent) / 1_000_000);
            assertEquals(429, refused.statusCode(), refused.body());
            assertEquals("1", refused.headers().firstValue("retry-after").orElse(null));
            assertTrue(refused.body().contains("\"code\":\"router_overloaded\"")
                    && refused.body().contains("limits.maxConcurrentRequests"), refused.body());
        }
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        assertTrue(threadsAfter <= threadsBefore + 4, "platform threads grew from " + threadsBefore + " to "
                + threadsAfter);
        latenciesMs.sort(null);
        assertTrue(latenciesMs.get(latenciesMs.size() / 2) < 200, "refusals must be immediate: " + latenciesMs);
        a.lines().get(30, TimeUnit.SECONDS);
        b.lines().get(30, TimeUnit.SECONDS);
        assertEquals(200, harness.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":2}")
                .statusCode(), "the places are free again once the streams ended");
        String metrics = harness.get(harness.metricsUri("/metrics")).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("kthena_router_requests_total{")
                && l.contains("error_type=\"overloaded\"") && l.contains("status_code=\"429\"")), metrics);
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
    }

    @Test
    void overload_boundOfOne_secondConcurrentRequestRefusedButSequentialOnesServed() {
        startWithTimedEngine(c -> c.withLimits(c.limits().withMaxConcurrentRequests(1)));
        for (int i = 0; i < 5; i++) {
            assertEquals(200, harness.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":1}")
                    .statusCode(), "a freed place is free: request " + i);
        }
    }

    @Test
    void headers_overTheByteLimit_431InTheOpenAiEnvelopeOnEveryListener() {
        startWithTimedEngine(UnaryOperator.identity());
        String big = "X-Big: " + "x".repeat(20_000);
        for (int port : new int[] {harness.router().inferencePort(), harness.router().adminPort(),
                harness.router().metricsPort()}) {
            String raw = RecordingEngine.rawRequest(port, "POST", "/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\"}",
                    big);
            assertEquals(431, RecordingEngine.status(raw), raw);
            assertTrue(raw.contains("\"code\":\"request_headers_too_large\"") && raw.contains("limits.maxHeaderBytes"), raw);
            assertTrue(raw.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), raw);
        }
    }

    /**
     * A request Helidon's own parser refuses (here a header line without a colon) gets the envelope
     * too, not Helidon's empty 400: the same handler answers a header block past the parser's hard
     * limit, which a test cannot send reliably (the router closes with the rest unread, and the
     * client's TCP stack may then drop the answer on the reset).
     */
    @Test
    void headers_malformedLine_400InTheOpenAiEnvelopeOnEveryListener() {
        startWithTimedEngine(UnaryOperator.identity());
        for (int port : new int[] {harness.router().inferencePort(), harness.router().adminPort(),
                harness.router().metricsPort()}) {
            String raw = RecordingEngine.rawRequest(port, "POST", "/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\"}",
                    "X-Broken header line without a colon");
            assertEquals(400, RecordingEngine.status(raw), raw);
            assertTrue(raw.contains("\"type\":\"invalid_request_error\"") && raw.contains("65536 bytes"), raw);
            assertTrue(raw.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), raw);
        }
    }

    @Test
    void headers_overTheCountLimit_431AndNothingForwarded() {
        startWithTimedEngine(UnaryOperator.identity());
        String[] many = new String[120];
        for (int i = 0; i < many.length; i++) {
            many[i] = "X-H" + i + ": v";
        }
        String raw = RecordingEngine.rawRequest(harness.router().inferencePort(), "POST", "/v1/completions",
                "{\"model\":\"m\",\"prompt\":\"hi\"}", many);
        assertEquals(431, RecordingEngine.status(raw), raw);
        assertTrue(raw.contains("limits.maxHeaderCount"), raw);
        String[] fine = java.util.Arrays.copyOf(many, 60);
        assertEquals(200, RecordingEngine.status(RecordingEngine.rawRequest(harness.router().inferencePort(), "POST",
                "/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":1}", fine)));
    }

    /**
     * An engine that streams SSE events as fast as the router takes them, forever, and notes when a
     * write to it failed: the router closed its connection.
     */
    private static final class EndlessStreamEngine implements AutoCloseable {
        final java.net.ServerSocket server;
        final java.util.concurrent.atomic.AtomicLong bytesWritten = new java.util.concurrent.atomic.AtomicLong();
        final CountDownLatch cut = new CountDownLatch(1);

        EndlessStreamEngine() throws IOException {
            server = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread.ofVirtual().start(() -> serve(socket));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket socket) {
            try (socket) {
                java.io.InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                int matched = 0;
                while (matched < 4) { // the request head; the body is small and read by nobody
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.append((char) b);
                    matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                java.io.OutputStream out = socket.getOutputStream();
                if (!head.toString().startsWith("POST ")) { // the metrics scrape: only the inference stream counts
                    out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    return;
                }
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String event = "data: {\"choices\":[{\"index\":0,\"text\":\"" + "x".repeat(900) + "\"}]}\n\n";
                byte[] chunk = (Integer.toHexString(event.length()) + "\r\n" + event + "\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                for (long i = 0; i < 10_000_000; i++) { // bounded: about 10 GB, far more than any buffer
                    out.write(chunk);
                    bytesWritten.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                cut.countDown();
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void slowReader_readsNothingPastTheWriteTimeout_isDisconnectedAndTheEngineRequestCancelled() throws Exception {
        try (EndlessStreamEngine engine = new EndlessStreamEngine()) {
            harness.start(route("r", "m", "s") + server("s", "m", "") + endpoint("a", "s", engine.port()),
                    c -> c.withLimits(c.limits().withClientWriteTimeout(Duration.ofSeconds(1))));
            try (Socket client = new Socket()) {
                client.setReceiveBufferSize(4096);
                client.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(),
                        harness.router().inferencePort()));
                byte[] body = "{\"model\":\"m\",\"prompt\":\"hi\",\"stream\":true}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                client.getOutputStream().write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: "
                        + "application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                client.getOutputStream().write(body);
                client.getOutputStream().flush();
                // The client never reads. Backpressure: the engine can only write what the buffers hold.
                assertTrue(engine.cut.await(20, TimeUnit.SECONDS), "the engine's connection was still open after "
                        + engine.bytesWritten.get() + " bytes: the stalled client was never disconnected");
                assertTrue(engine.bytesWritten.get() < 64L * 1024 * 1024, "the router buffered "
                        + engine.bytesWritten.get() + " bytes for a client that read nothing");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            String metrics = "";
            while (System.nanoTime() < deadline) {
                metrics = harness.get(harness.metricsUri("/metrics")).body();
                if (metrics.contains("error_type=\"client_disconnected\"")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("kthena_router_requests_total{")
                    && l.contains("error_type=\"client_disconnected\"")), metrics);
        }
    }
}
