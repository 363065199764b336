package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.bootstrap.config.AccessLogConfig;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One access log line per /v1 request, with Kthena's fields, for each way a request can end. */
class AccessLogEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMPLETION = "{\"model\":\"m\",\"prompt\":\"hello there\",\"max_tokens\":3}";

    private final RouterHarness harness = new RouterHarness();
    private final Path log = tempFile();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void accessLog_success_fieldsOfTheServedRequest() {
        SimulatedEngine engine = harness.engine("model-x");
        start("json", route("r", "m", "s") + server("s", "model-x", "") + endpoint("e", "s", engine.port()));
        HttpResponse<String> res = harness.post("/v1/completions", COMPLETION);
        JsonNode line = lines(1).get(0);
        assertEquals("POST", line.path("method").asText());
        assertEquals("/v1/completions", line.path("path").asText());
        assertEquals("HTTP/1.1", line.path("protocol").asText());
        assertEquals(200, line.path("status_code").asInt());
        assertFalse(line.has("error"), line.toString());
        assertEquals("m", line.path("model_name").asText());
        assertEquals("default/r", line.path("model_route").asText());
        assertEquals("default/s", line.path("model_server").asText());
        assertEquals("default/e", line.path("selected_pod").asText());
        assertEquals(res.headers().firstValue("x-request-id").orElseThrow(), line.path("request_id").asText());
        assertEquals("model_server", line.path("backend_type").asText());
        assertEquals("model-x", line.path("upstream_model").asText());
        assertEquals(200, line.path("upstream_status_code").asInt());
        assertEquals(1, line.path("upstream_attempts").asInt());
        assertTrue(line.path("input_tokens").asInt() > 0, line.toString());
        assertEquals(3, line.path("output_tokens").asInt());
        assertTrue(line.path("duration_total").asLong() >= line.path("duration_upstream_processing").asLong());
        assertTrue(line.has("duration_request_processing") && line.has("duration_response_processing"));
        assertFalse(line.has("duration_queue_wait"), "fairness off: no queue, no field (Kthena's layout): " + line);
        assertTrue(line.path("decision").asText().startsWith("picked=e"), line.toString());
    }

    @Test
    void accessLog_engine500WithNoRetryLeft_upstreamErrorLogged() {
        SimulatedEngine failing = harness.engine("model-x");
        failing.faults().errorRate(1.0, 500);
        start("json", route("r", "m", "s") + server("s", "model-x", "trafficPolicy: {retry: {attempts: 0}}")
                + endpoint("e", "s", failing.port()));
        assertEquals(500, harness.post("/v1/completions", COMPLETION).statusCode());
        JsonNode line = lines(1).get(0);
        assertEquals(500, line.path("status_code").asInt());
        assertEquals("request_failed", line.path("error").path("type").asText());
        assertEquals(500, line.path("upstream_status_code").asInt());
        assertEquals(1, line.path("upstream_attempts").asInt());
        assertEquals("upstream", line.path("error_origin").asText());
        assertEquals("default/e", line.path("selected_pod").asText());
    }

    @Test
    void accessLog_unknownModel_routeNotFoundWithoutBackend() {
        start("json", route("r", "m", "s") + server("s", "model-x", ""));
        assertEquals(404, harness.post("/v1/chat/completions",
                "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode());
        JsonNode line = lines(1).get(0);
        assertEquals(404, line.path("status_code").asInt());
        assertEquals("route_not_found", line.path("error").path("type").asText());
        assertTrue(line.path("error").path("message").asText().contains("nope"));
        assertEquals("nope", line.path("model_name").asText());
        assertEquals("none", line.path("backend_type").asText());
        assertEquals("router", line.path("error_origin").asText());
        assertFalse(line.has("selected_pod") || line.has("upstream_attempts"), line.toString());
    }

    @Test
    void accessLog_clientDisconnectsMidStream_loggedAsClientDisconnected() throws Exception {
        SimulatedEngine engine = harness.engine(EngineOptions.builder().engine(EngineKind.VLLM).model("model-x")
                .port(0).profile("h100-7b").build());
        start("json", route("r", "m", "s") + server("s", "model-x", "") + endpoint("e", "s", engine.port()));
        String body = "{\"model\":\"m\",\"prompt\":\"a long story\",\"max_tokens\":2000,\"stream\":true}";
        harness.streamThenHangUp("/v1/completions", body, () -> { });
        JsonNode line = lines(1).get(0);
        assertEquals("client_disconnected", line.path("error").path("type").asText(), line.toString());
        assertEquals("client", line.path("error_origin").asText());
        assertEquals(200, line.path("status_code").asInt(), "the status line had been sent");
        assertEquals("default/e", line.path("selected_pod").asText());
    }

    @Test
    void accessLog_textFormat_kthenaLayoutWithTimings() {
        SimulatedEngine engine = harness.engine("model-x");
        start("text", route("r", "m", "s") + server("s", "model-x", "") + endpoint("e", "s", engine.port()));
        harness.post("/v1/completions", COMPLETION);
        harness.post("/v1/completions", "{\"model\":\"nope\",\"prompt\":\"x\"}");
        List<String> lines = rawLines(2);
        assertTrue(lines.get(0).matches("\\[\\S+Z] \"POST /v1/completions HTTP/1\\.1\" 200 model_name=m "
                + "model_route=default/r model_server=default/s selected_pod=default/e request_id=\\S+ "
                + "backend_type=model_server backend_name=default/s upstream_model=model-x upstream_status_code=200 "
                + "upstream_attempts=1 tokens=\\d+/3 timings=\\d+ms\\(\\d+\\+\\d+\\+\\d+\\) decision=\"picked=e .*\""),
                lines.get(0));
        assertTrue(lines.get(1).matches("\\[\\S+] \"POST /v1/completions HTTP/1\\.1\" 404 error=route_not_found:.* "
                + "model_name=nope request_id=\\S+ backend_type=none error_origin=router timings=\\d+ms\\(\\d+\\+0\\+0\\)"),
                lines.get(1));
    }

    private void start(String format, String yaml) {
        harness.configure(c -> c.withAccessLog(new AccessLogConfig(true, format, log.toString(), 64))).start(yaml);
    }

    private List<JsonNode> lines(int count) {
        return rawLines(count).stream().map(AccessLogEndToEndTest::parse).toList();
    }

    /** Lines are written by a background thread: wait until {@code count} are there. */
    private List<String> rawLines(int count) {
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(10), () -> read().size() >= count),
                "expected " + count + " access log line(s), got " + read());
        List<String> lines = read();
        assertEquals(count, lines.size(), lines.toString());
        return lines;
    }

    private List<String> read() {
        try {
            return Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("access", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
