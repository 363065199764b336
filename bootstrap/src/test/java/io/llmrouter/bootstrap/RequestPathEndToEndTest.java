package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What reaches the engine, byte for byte: request line, query, headers, body. */
class RequestPathEndToEndTest {

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
        engine.respond(r -> RecordingEngine.Reply.json(200, RecordingEngine.COMPLETION));
    }

    @Test
    void queryString_reachesTheEngineUnchanged() {
        HttpResponse<String> res = harness.post("/v1/completions?api-version=2024-06-01&x=a%20b", "{\"model\":\"m\",\"prompt\":\"hi\"}");
        assertEquals(200, res.statusCode(), res.body());
        List<RecordingEngine.Received> got = engine.inference();
        assertEquals(1, got.size());
        assertEquals("POST", got.get(0).method());
        assertEquals("/v1/completions?api-version=2024-06-01&x=a%20b", got.get(0).target());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/%2e%2e/flush_cache", "/v1/%2e%2e/generate", "/v1/%2E%2E%2Fgenerate",
        "/v1/%2e%2e/tokenize", "/v1/../flush_cache", "/v1/./completions", "/v1/..%2fgenerate", "/v1/chat/..%5cgenerate",
        "/v1/chat\\..\\generate", "/v1/%252e%252e/generate", "/v1//completions", "/v1/completions/",
        "/v1/%2e%2e/flush_cache?x=1", "/v1/compl%00etions"})
    void traversal_answeredByTheRouter_neverReachesTheEngine(String target) {
        String body = "{\"model\":\"m\",\"prompt\":\"hi\"}";
        String response = RecordingEngine.rawRequest(harness.router().inferencePort(), "POST", target, body);
        int status = RecordingEngine.status(response);
        assertTrue(status == 404 || status == 400, response);
        if (status == 404) {
            assertTrue(response.contains("\"code\":\"not_found\""), response);
        }
        assertEquals(List.of(), engine.inference(), "nothing may reach the engine for " + target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/debug/%2e%2e/v1/completions", "/debug/../v1/completions", "/v1/%2e%2e/flush_cache"})
    void traversal_onTheOtherListeners_neverReachesTheEngine(String target) {
        String body = "{\"model\":\"m\",\"prompt\":\"hi\"}";
        for (int port : new int[] {harness.router().adminPort(), harness.router().metricsPort()}) {
            int status = RecordingEngine.status(RecordingEngine.rawRequest(port, "POST", target, body));
            assertTrue(status >= 400 && status < 500, target + " on " + port + ": " + status);
        }
        assertEquals(List.of(), engine.inference());
    }

    @Test
    void encodedButCanonicalPath_isForwardedDecoded() {
        String response = RecordingEngine.rawRequest(harness.router().inferencePort(), "POST", "/v1/%63ompletions",
                "{\"model\":\"m\",\"prompt\":\"hi\"}");
        assertEquals(200, RecordingEngine.status(response), response);
        assertEquals("/v1/completions", engine.inference().get(0).target());
    }

    @Test
    void noQuery_noQuestionMark() {
        assertEquals(200, harness.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\"}").statusCode());
        assertEquals("/v1/completions", engine.inference().get(0).target());
    }
}
