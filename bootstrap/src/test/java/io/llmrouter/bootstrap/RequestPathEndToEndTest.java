package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

    @Test
    void noQuery_noQuestionMark() {
        assertEquals(200, harness.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\"}").statusCode());
        assertEquals("/v1/completions", engine.inference().get(0).target());
    }
}
