package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.SimulatedEngine;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal of the router itself: status, OpenAI envelope, a message that says what to do. */
class ErrorResponsesEndToEndTest {

    private static final Pattern ENVELOPE = Pattern.compile(
            "\\{\"error\":\\{\"message\":\"[^\"]+.*\",\"type\":\"[a-z_]+\",\"param\":(null|\"[a-z_]+\"),\"code\":\"[a-z_]+\"}}");
    private static final long MAX_BODY = 64 * 1024;

    static RouterHarness harness;

    @BeforeAll
    static void start() {
        harness = new RouterHarness();
        SimulatedEngine engine = harness.engine("model-x");
        harness.start(route("ok", "m", "s") + server("s", "model-x", "") + endpoint("e", "s", engine.port())
                + route("idle", "idle-model", "idle-server") + server("idle-server", "model-y", "")
                + endpoint("down", "idle-server", "127.0.0.1:1", false)
                + route("orphan", "orphan-model", "missing-server"), MAX_BODY);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("not json", "{\"model\":", 400, "invalid_request", "not valid JSON"),
                Arguments.of("array body", "[1,2]", 400, "invalid_request", "must be a JSON object"),
                Arguments.of("trailing data", "{\"model\":\"m\",\"prompt\":\"x\"} {}", 400, "invalid_request", "exactly one JSON value"),
                Arguments.of("no model", "{\"prompt\":\"x\"}", 400, "invalid_request", "GET /v1/models"),
                Arguments.of("model not a string", "{\"model\":7,\"prompt\":\"x\"}", 400, "invalid_request", "'model' must be a string"),
                Arguments.of("stream not boolean", "{\"model\":\"m\",\"prompt\":\"x\",\"stream\":\"yes\"}", 400, "invalid_request", "'stream'"),
                Arguments.of("no prompt", "{\"model\":\"m\"}", 400, "invalid_request", "needs 'prompt'"),
                Arguments.of("unknown model", "{\"model\":\"gpt-9\",\"prompt\":\"x\"}", 404, "model_not_found", "GET /v1/models"),
                Arguments.of("no ready pod", "{\"model\":\"idle-model\",\"prompt\":\"x\"}", 503, "no_ready_pods", "no ready pod"),
                Arguments.of("missing server", "{\"model\":\"orphan-model\",\"prompt\":\"x\"}", 404, "model_server_not_found",
                        "does not exist"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("refusals")
    void completion_refused_statusAndEnvelope(String name, String body, int status, String code, String hint) {
        HttpResponse<String> res = harness.post("/v1/completions", body);
        assertRefusal(res, status, code, hint);
    }

    @Test
    void chat_withoutMessages_400NamesTheParam() {
        HttpResponse<String> res = harness.post("/v1/chat/completions", "{\"model\":\"m\",\"prompt\":\"x\"}");
        assertRefusal(res, 400, "invalid_request", "needs 'messages'");
        assertTrue(res.body().contains("\"param\":\"messages\""), res.body());
    }

    @Test
    void body_overLimit_413() {
        String big = "{\"model\":\"m\",\"prompt\":\"" + "x".repeat((int) MAX_BODY) + "\"}";
        assertRefusal(harness.post("/v1/completions", big), 413, "payload_too_large", String.valueOf(MAX_BODY));
    }

    @Test
    void body_overLimitWithoutContentLength_413() throws Exception {
        // A chunked upload declares no length; the limit must hold while reading.
        byte[] big = ("{\"model\":\"m\",\"prompt\":\"" + "y".repeat((int) MAX_BODY) + "\"}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(harness.uri("/v1/completions")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
        HttpResponse<String> res = harness.http.send(request, HttpResponse.BodyHandlers.ofString());
        assertRefusal(res, 413, "payload_too_large", "limit");
    }

    @Test
    void contentType_notJson_415() {
        assertRefusal(harness.post("/v1/completions", "model=m", "Content-Type", "application/x-www-form-urlencoded"),
                415, "unsupported_media_type", "application/json");
    }

    @Test
    void unknownPath_404AndWrongMethod_405() {
        assertRefusal(harness.get(harness.uri("/nope")), 404, "not_found", "/v1/");
        assertRefusal(harness.get(harness.uri("/v1/completions")), 405, "method_not_allowed", "POST");
    }

    @Test
    void errors_carryTheRequestId() {
        HttpResponse<String> res = harness.post("/v1/completions", "{\"model\":\"gpt-9\",\"prompt\":\"x\"}",
                "x-request-id", "trace-me");
        assertEquals("trace-me", res.headers().firstValue("x-request-id").orElse(""));
    }

    private static void assertRefusal(HttpResponse<String> res, int status, String code, String hint) {
        assertEquals(status, res.statusCode(), res.body());
        assertTrue(ENVELOPE.matcher(res.body()).matches(), "not an OpenAI envelope: " + res.body());
        assertTrue(res.body().contains("\"code\":\"" + code + "\""), res.body());
        assertTrue(res.body().contains(hint), "message should mention '" + hint + "': " + res.body());
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    }
}
