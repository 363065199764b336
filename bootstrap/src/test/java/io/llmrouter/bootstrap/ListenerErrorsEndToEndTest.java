package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.sim.SimulatedEngine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every listener (inference, metrics, admin) answers an unknown path with a 404 and a wrong method on
 * a known path with a 405 and {@code Allow}, both in the OpenAI envelope; and
 * {@code GET /v1/models/{id}} answers OpenAI's {@code models.retrieve} shape.
 */
class ListenerErrorsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RouterHarness harness;

    @BeforeAll
    static void start() {
        harness = new RouterHarness();
        SimulatedEngine engine = harness.engine("model-x");
        harness.start(route("r", "m", "s") + route("org", "org/model-7b", "s") + server("s", "model-x", "")
                + endpoint("e", "s", engine.port()));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    /** listener, method, path, status, code, Allow header (null: none expected). */
    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("inference", "GET", "/", 404, "not_found", null),
                Arguments.of("inference", "GET", "/nope", 404, "not_found", null),
                Arguments.of("inference", "GET", "/metrics", 404, "not_found", null),
                Arguments.of("inference", "GET", "/debug/datastore", 404, "not_found", null),
                Arguments.of("inference", "GET", "/v1/completions", 405, "method_not_allowed", "POST"),
                Arguments.of("inference", "DELETE", "/v1/chat/completions", 405, "method_not_allowed", "POST"),
                Arguments.of("inference", "POST", "/v1/models", 405, "method_not_allowed", "GET"),
                Arguments.of("inference", "POST", "/v1/models/m", 405, "method_not_allowed", "GET"),
                Arguments.of("inference", "DELETE", "/v1/models/m", 405, "method_not_allowed", "GET"),
                Arguments.of("inference", "POST", "/healthz", 405, "method_not_allowed", "GET"),
                Arguments.of("inference", "PUT", "/readyz", 405, "method_not_allowed", "GET"),
                Arguments.of("inference", "GET", "/v1/models/nope", 404, "model_not_found", null),
                Arguments.of("inference", "GET", "/v1/models/", 404, "not_found", null),
                // The one path rule (ApiPath) holds here too: an encoded dot-dot is refused, not looked up.
                Arguments.of("inference", "GET", "/v1/models/%2e%2e", 404, "not_found", null),
                Arguments.of("inference", "GET", "/v1/models/a%2Fb", 404, "not_found", null),
                Arguments.of("metrics", "GET", "/", 404, "not_found", null),
                Arguments.of("metrics", "GET", "/nope", 404, "not_found", null),
                Arguments.of("metrics", "GET", "/healthz", 404, "not_found", null),
                Arguments.of("metrics", "POST", "/metrics", 405, "method_not_allowed", "GET"),
                Arguments.of("metrics", "DELETE", "/metrics", 405, "method_not_allowed", "GET"),
                Arguments.of("admin", "GET", "/", 404, "not_found", null),
                Arguments.of("admin", "GET", "/debug/nope", 404, "not_found", null),
                Arguments.of("admin", "GET", "/v1/models", 404, "not_found", null),
                Arguments.of("admin", "POST", "/debug/datastore", 405, "method_not_allowed", "GET"),
                Arguments.of("admin", "POST", "/debug/decisions", 405, "method_not_allowed", "GET"),
                Arguments.of("admin", "DELETE", "/debug/config", 405, "method_not_allowed", "GET"),
                Arguments.of("admin", "POST", "/debug/config_dump/pods", 405, "method_not_allowed", "GET"),
                Arguments.of("admin", "POST", "/debug/config_dump/namespaces/default/pods/e", 405,
                        "method_not_allowed", "GET"),
                Arguments.of("admin", "POST", "/healthz", 405, "method_not_allowed", "GET"),
                Arguments.of("admin", "POST", "/readyz", 405, "method_not_allowed", "GET"),
                Arguments.of("admin", "GET", "/debug/decisions?limit=0", 400, "invalid_request", null),
                Arguments.of("admin", "GET", "/debug/decisions?limit=-1", 400, "invalid_request", null),
                Arguments.of("admin", "GET", "/debug/decisions?limit=abc", 400, "invalid_request", null),
                Arguments.of("admin", "GET", "/debug/decisions?limit=", 400, "invalid_request", null),
                Arguments.of("admin", "GET", "/debug/decisions?limit=1001", 400, "invalid_request", null));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("refusals")
    void refusal_isTheEnvelopeWithTheRightStatus(String listener, String method, String path, int status,
                                                 String code, String allow) throws Exception {
        HttpResponse<String> res = send(listener, method, path,
                method.equals("POST") ? "{\"model\":\"m\",\"prompt\":\"x\"}" : null);

        assertEquals(status, res.statusCode(), res.body());
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("application/json"), res.headers().map().toString());
        JsonNode error = JSON.readTree(res.body()).get("error");
        assertTrue(error != null && error.get("message").isTextual() && error.get("type").isTextual()
                && error.has("param") && error.size() == 4, "not an OpenAI envelope: " + res.body());
        assertEquals(code, error.get("code").asText(), res.body());
        assertEquals(Optional.ofNullable(allow), res.headers().firstValue("allow"), res.body());
    }

    @Test
    void modelsRetrieve_servedModel_openAiModelShape() throws Exception {
        for (String id : new String[] {"m", "org/model-7b"}) {
            HttpResponse<String> res = send("inference", "GET", "/v1/models/" + id, null);
            assertEquals(200, res.statusCode(), res.body());
            JsonNode model = JSON.readTree(res.body());
            assertEquals(id, model.get("id").asText());
            assertEquals("model", model.get("object").asText());
            assertTrue(model.get("created").isIntegralNumber());
            assertEquals("llm-router", model.get("owned_by").asText());
            assertEquals(4, model.size(), res.body());
        }
    }

    @Test
    void decisions_validLimit_served() throws Exception {
        assertEquals(200, send("admin", "GET", "/debug/decisions?limit=1", null).statusCode());
        assertEquals(200, send("admin", "GET", "/debug/decisions?limit=1000", null).statusCode());
        assertEquals(200, send("admin", "GET", "/debug/decisions", null).statusCode());
    }

    private static HttpResponse<String> send(String listener, String method, String path, String body)
            throws IOException, InterruptedException {
        URI uri = switch (listener) {
            case "inference" -> harness.uri(path);
            case "metrics" -> harness.metricsUri(path);
            default -> harness.adminUri(path);
        };
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return harness.http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
