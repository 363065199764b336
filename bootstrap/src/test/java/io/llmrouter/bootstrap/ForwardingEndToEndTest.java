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
    /** Behind a ModelServer with a 200 ms header timeout and one retry (defect 14). */
    static RecordingEngine slow;

    @BeforeAll
    static void start() {
        engine = new RecordingEngine();
        slow = new RecordingEngine();
        harness = new RouterHarness();
        harness.start(route("r", "m", "s") + server("s", "m", "") + endpoint("e", "s", engine.port())
                + route("r14", "m14", "s14") + server("s14", "m14", "trafficPolicy: {timeout: 200ms, retry: {attempts: 1}}")
                + endpoint("e14", "s14", slow.port()));
    }

    @AfterAll
    static void stop() {
        harness.close();
        engine.close();
        slow.close();
    }

    @BeforeEach
    void reset() {
        engine.clear();
        engine.respond(r -> Reply.json(200, RecordingEngine.COMPLETION));
        slow.clear();
        slow.respond(r -> Reply.json(200, RecordingEngine.COMPLETION));
    }

    // --- defect 3: a held-back 5xx body longer than the hold cap -------------------------------

    /**
     * An engine that stops may end its chunked stream cleanly but without {@code [DONE]} (seen in the
     * soak, engines restarted under 2,000 streams): the client must get the error event and [DONE],
     * not what looks like a finished answer. A stream that does not end with [DONE] by design (the
     * Responses API) is relayed unchanged.
     */
    @Test
    void stream_engineEndsCleanlyWithoutDone_clientGetsTheErrorEventThenDone() throws Exception {
        String events = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"text\":\"a\"}]}\n\n"
                + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"text\":\"b\"}]}\n\n";
        engine.respond(r -> Reply.of(200, "text/event-stream", events));
        HttpResponse<String> cut = harness.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"p\",\"stream\":true}");
        assertEquals(200, cut.statusCode());
        assertTrue(cut.body().startsWith(events), cut.body());
        assertTrue(cut.body().endsWith("\"code\":\"upstream_stream_broken\"}}\n\ndata: [DONE]\n\n"), cut.body());
        assertTrue(cut.body().contains("without [DONE]"), cut.body());

        HttpResponse<String> responses = harness.post("/v1/responses", "{\"model\":\"m\",\"input\":\"p\",\"stream\":true}");
        assertEquals(events, responses.body(), "a Responses API stream ends without [DONE] by design");
    }

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

    // --- defect 8: repeated headers and headers a Connection header names --------------------------

    @Test
    void repeatedRequestHeaders_reachTheEngineWithEveryValue_connectionNominatedOnesDoNot() throws IOException {
        String body = "{\"model\":\"m\",\"prompt\":\"hi\"}";
        String status = rawRequest("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nX-Multi: a\r\nAccept: application/json\r\nX-Multi: b, c\r\n"
                + "Cookie: s=1\r\nConnection: close, X-Hop\r\nX-Hop: secret\r\nX-Keep: kept\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertTrue(status.startsWith("HTTP/1.1 200"), status);
        RecordingEngine.Received got = engine.inference().get(0);
        assertEquals(List.of("a", "b, c"), got.headerValues("X-Multi"));
        assertEquals(List.of("kept"), got.headerValues("X-Keep"));
        assertEquals(List.of("s=1"), got.headerValues("Cookie"));
        assertEquals(List.of(), got.headerValues("X-Hop"), "named in Connection: hop-by-hop");
    }

    @Test
    void repeatedResponseHeaders_reachTheClientWithEveryValue_connectionNominatedOnesDoNot() {
        engine.respond(r -> Reply.json(200, RecordingEngine.COMPLETION)
                .with("Set-Cookie", "id=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/")
                .with("Vary", "Accept")
                .with("Set-Cookie", "theme=dark")
                .with("Vary", "Authorization")
                .with("Connection", "X-Engine-Hop")
                .with("X-Engine-Hop", "internal")
                .with("X-Engine-Keep", "kept"));
        HttpResponse<byte[]> res = send(post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\"}"), Duration.ofSeconds(5));
        assertEquals(200, res.statusCode(), text(res));
        assertEquals(List.of("id=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/", "theme=dark"),
                res.headers().allValues("set-cookie"));
        assertEquals(List.of("Accept", "Authorization"), res.headers().allValues("vary"));
        assertEquals(List.of("kept"), res.headers().allValues("x-engine-keep"));
        assertEquals(List.of(), res.headers().allValues("x-engine-hop"), "named in Connection: hop-by-hop");
        assertEquals(RecordingEngine.COMPLETION, text(res));
    }

    // --- defect 10: a cut stream's error event starts on an event boundary, then [DONE] --------------

    static final String EVENT = "data: {\"id\":\"c\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,"
            + "\"text\":\"a\",\"finish_reason\":null}],\"usage\":null}\n\n";

    /** Two whole events, then half of a third; the engine then drops the connection mid-chunk. */
    static Reply cutStream() {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Content-Type", "text/event-stream"});
        headers.add(new String[] {"Transfer-Encoding", "chunked"});
        String half = "data: {\"id\":\"c\",\"object\":\"text_completion\",\"choi";
        return new Reply(200, headers, List.of(chunk(EVENT), chunk(EVENT), chunk(half)), true);
    }

    static byte[] chunk(String s) {
        byte[] data = s.getBytes(StandardCharsets.UTF_8);
        byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(data, 0, out, head.length, data.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    @Test
    void cutStream_clientAskedForUsage_errorEventOnAnEventBoundaryThenDone() throws Exception {
        assertCutStreamEndsCleanly("{\"model\":\"m\",\"prompt\":\"hi\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}");
    }

    @Test
    void cutStream_routerAskedForUsage_errorEventOnAnEventBoundaryThenDone() throws Exception {
        assertCutStreamEndsCleanly("{\"model\":\"m\",\"prompt\":\"hi\",\"stream\":true}");
    }

    private void assertCutStreamEndsCleanly(String body) throws Exception {
        engine.respond(r -> cutStream());
        HttpResponse<byte[]> res = send(post("/v1/completions", body), Duration.ofSeconds(10));
        assertEquals(200, res.statusCode());
        String text = text(res);
        assertTrue(text.endsWith("\n\n"), text);
        List<String> events = List.of(text.substring(0, text.length() - 2).split("\n\n", -1));
        assertEquals(4, events.size(), text);
        assertEquals(EVENT.strip(), events.get(0));
        assertEquals(EVENT.strip(), events.get(1));
        String error = events.get(2);
        assertTrue(error.startsWith("data: {\"error\":"), text);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(error.substring("data: ".length()));
        assertEquals("upstream_stream_broken", json.at("/error/code").asText());
        assertEquals("data: [DONE]", events.get(3));
    }

    // --- defect 14: a failure on a reused pooled connection is not a header timeout -----------------

    /**
     * Helidon's client watches an idle pooled connection with 101 ms reads, for as long as the
     * connection's last read timeout; a request that takes the connection in the watch's last
     * round fails when that round times out, a few ms after it was sent, with the watch's
     * SocketTimeoutException. That is a dead pooled connection, not the engine being slow: the
     * request must be retried (here on a fresh connection to the same pod), never answered 504.
     * The engine answers within the 200 ms header timeout every time.
     */
    @Test
    void requestOnAPooledConnectionWhoseIdleWatchExpires_isRetriedNotA504() throws Exception {
        String body = "{\"model\":\"m14\",\"prompt\":\"hi\"}";
        List<String> outcomes = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            slow.respond(r -> Reply.json(200, RecordingEngine.COMPLETION));
            HttpResponse<byte[]> primed = send(post("/v1/completions", body), Duration.ofSeconds(5));
            assertEquals(200, primed.statusCode(), text(primed));
            // The pooled connection's watch runs ceil(200/101) = 2 rounds: land in the second.
            Thread.sleep(150);
            slow.respond(r -> {
                sleep(120);
                return Reply.json(200, RecordingEngine.COMPLETION);
            });
            long t0 = System.nanoTime();
            HttpResponse<byte[]> res = send(post("/v1/completions", body), Duration.ofSeconds(5));
            outcomes.add(res.statusCode() + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms"
                    + (res.statusCode() == 200 ? "" : ": " + text(res)));
        }
        assertTrue(outcomes.stream().allMatch(o -> o.startsWith("200 ")), String.join("\n", outcomes));
    }

    @Test
    void pooledConnectionClosedByTheEngine_nextRequestSucceeds() {
        String body = "{\"model\":\"m\",\"prompt\":\"hi\"}";
        assertEquals(200, send(post("/v1/completions", body), Duration.ofSeconds(5)).statusCode());
        engine.dropConnections();
        HttpResponse<byte[]> res = send(post("/v1/completions", body), Duration.ofSeconds(5));
        assertEquals(200, res.statusCode(), text(res));
    }

    /** The only pod is slow: each try waits the whole header timeout, then the next try; 504 after the last. */
    @Test
    void engineSlowerThanTheHeaderTimeout_everyTryTimesOut_504() {
        slow.respond(r -> {
            sleep(600);
            return Reply.json(200, RecordingEngine.COMPLETION);
        });
        long t0 = System.nanoTime();
        HttpResponse<byte[]> res = send(post("/v1/completions", "{\"model\":\"m14\",\"prompt\":\"hi\"}"),
                Duration.ofSeconds(5));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(504, res.statusCode(), text(res));
        assertTrue(text(res).contains("upstream_timeout"), text(res));
        assertTrue(ms >= 390, "two tries (retry attempts 1) each wait the whole 200 ms, took " + ms);
        assertEquals(2, slow.inference().size(), "the timed-out try is retried once");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- defect 5: the body the router rewrites is always valid JSON --------------------------------

    static final String USAGE_CHUNK = "data: {\"id\":\"c\",\"object\":\"text_completion\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}\n\n";

    static Reply sse(String... events) {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Content-Type", "text/event-stream"});
        headers.add(new String[] {"Transfer-Encoding", "chunked"});
        List<byte[]> chunks = new ArrayList<>();
        for (String e : events) {
            chunks.add(chunk(e));
        }
        chunks.add("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return new Reply(200, headers, chunks, false);
    }

    /** The body that became {"include_usage":truetrue"}: refused, in the OpenAI envelope, naming the field. */
    @Test
    void includeUsageAString_refusedWith400NamingTheField_nothingSent() throws Exception {
        HttpResponse<byte[]> res = send(post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":\"true\"}}"), Duration.ofSeconds(5));
        assertEquals(400, res.statusCode(), text(res));
        com.fasterxml.jackson.databind.JsonNode error = new com.fasterxml.jackson.databind.ObjectMapper().readTree(res.body());
        assertEquals("stream_options.include_usage", error.at("/error/param").asText());
        assertEquals("invalid_request_error", error.at("/error/type").asText());
        assertEquals(List.of(), engine.inference());
    }

    @Test
    void includeUsageFalse_engineGetsValidJsonAskingForUsage_clientNeverSeesTheUsageChunk() throws Exception {
        engine.respond(r -> sse(EVENT, USAGE_CHUNK, "data: [DONE]\n\n"));
        String body = "{\"model\":\"m\",\"prompt\":\"hi\",\"stream\":true,\"stream_options\":{\"include_usage\" : false}}";
        HttpResponse<byte[]> res = send(post("/v1/completions", body), Duration.ofSeconds(5));
        assertEquals(200, res.statusCode(), text(res));
        assertEquals(EVENT + "data: [DONE]\n\n", text(res));
        com.fasterxml.jackson.databind.JsonNode sent = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(engine.inference().get(0).body());
        assertTrue(sent.at("/stream_options/include_usage").asBoolean(), engine.inference().get(0).bodyText());
    }

    @Test
    void includeUsageTrue_bodyGoesByteForByte_clientSeesTheUsageChunk() {
        engine.respond(r -> sse(EVENT, USAGE_CHUNK, "data: [DONE]\n\n"));
        String body = "{\"model\":\"m\",\"prompt\":\"hi\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
        HttpResponse<byte[]> res = send(post("/v1/completions", body), Duration.ofSeconds(5));
        assertEquals(EVENT + USAGE_CHUNK + "data: [DONE]\n\n", text(res));
        assertEquals(body, engine.inference().get(0).bodyText());
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Sends raw bytes (for headers java.net.http refuses to set, like Connection); returns the status line. */
    static String rawRequest(String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", harness.router().inferencePort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            return in.readLine();
        }
    }

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
