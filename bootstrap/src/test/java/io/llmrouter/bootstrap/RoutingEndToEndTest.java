package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.RecordedRequest;
import io.llmrouter.sim.SimulatedEngine;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kthena blog's premium/default example end to end: router on loopback, simulated vLLM engines. */
class RoutingEndToEndTest {

    static final String BIG = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    static final String SMALL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B";
    static final String CHAT = """
            {"model":"deepseek-r1","messages":[{"role":"user","content":"Hello there"}],"max_tokens":8}""";

    static RouterHarness harness;
    static SimulatedEngine big;
    static SimulatedEngine small;
    static SimulatedEngine slow;

    @BeforeAll
    static void start() {
        harness = new RouterHarness();
        big = harness.engine(BIG);
        small = harness.engine(SMALL);
        // Real step times (7B on H100), so a long answer streams for a while.
        slow = harness.engine(EngineOptions.builder().engine(EngineKind.VLLM).model("slow-model").port(0)
                .profile("h100-7b").build());
        harness.start(RouterHarness.API + """
                kind: ModelRoute
                metadata: {name: deepseek-multi-models}
                spec:
                  modelName: deepseek-r1
                  loraAdapters: [sql-lora]
                  rules:
                  - name: premium
                    modelMatch: {headers: {user-type: {exact: premium}}}
                    targetModels: [{modelServerName: deepseek-r1-7b}]
                  - name: default
                    targetModels: [{modelServerName: deepseek-r1-1-5b}]
                """ + server("deepseek-r1-7b", BIG, "") + server("deepseek-r1-1-5b", SMALL, "")
                + endpoint("big-0", "deepseek-r1-7b", big.port()) + endpoint("small-0", "deepseek-r1-1-5b", small.port())
                + RouterHarness.route("slow", "slow", "slow-server") + server("slow-server", "slow-model", "")
                + endpoint("slow-0", "slow-server", slow.port()));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void chat_defaultUser_routedToSmallModelWithModelOverridden() {
        HttpResponse<String> res = harness.post("/v1/chat/completions", CHAT);
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"model\":\"" + SMALL + "\""), res.body());
        assertTrue(res.body().contains("\"usage\""), res.body());
        RecordedRequest seen = last(small);
        assertTrue(seen.body().contains("\"model\":\"" + SMALL + "\""), seen.body());
        assertTrue(seen.body().contains("Hello there"), seen.body());
    }

    @Test
    void chat_premiumUser_routedToBigModel() {
        HttpResponse<String> res = harness.post("/v1/chat/completions", CHAT, "user-type", "premium");
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"model\":\"" + BIG + "\""), res.body());
    }

    @Test
    void completion_nonStreaming_relayedWithUsage() {
        HttpResponse<String> res = harness.post("/v1/completions",
                "{\"model\":\"deepseek-r1\",\"prompt\":\"Once upon a time\",\"max_tokens\":5}");
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"text_completion\""), res.body());
        assertTrue(res.body().contains("\"completion_tokens\":5"), res.body());
    }

    @Test
    void chat_streaming_relaysEveryEventAndDone() {
        HttpResponse<String> res = harness.post("/v1/chat/completions",
                "{\"model\":\"deepseek-r1\",\"stream\":true,\"max_tokens\":6,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        long events = res.body().lines().filter(l -> l.startsWith("data: {")).count();
        assertTrue(events >= 6, "expected a role chunk and 6 token chunks, got " + events + ":\n" + res.body());
        assertTrue(res.body().strip().endsWith("data: [DONE]"), res.body());
    }

    @Test
    void completion_streaming_firstEventArrivesWhileEngineStillGenerating() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(harness.uri("/v1/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"slow\",\"prompt\":\"tell a story\",\"max_tokens\":200,\"stream\":true}"))
                .build();
        HttpResponse<InputStream> res = harness.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            String first = reader.readLine();
            assertTrue(first.startsWith("data: {"), first);
            // 200 tokens take the engine well over a second; the router must not have waited for them.
            assertEquals(1, slow.stats().activeRequests(), "the engine should still be generating");
            String line;
            String lastData = first;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    lastData = line;
                }
            }
            assertEquals("data: [DONE]", lastData);
        }
    }

    @Test
    void request_withLoraName_isNotOverridden() {
        harness.post("/v1/completions", "{\"model\":\"sql-lora\",\"prompt\":\"select\",\"max_tokens\":2}");
        assertTrue(last(small).body().contains("\"model\":\"sql-lora\""), last(small).body());
    }

    @Test
    void requestId_keptWhenSentAndForwardedToTheEngine() {
        HttpResponse<String> res = harness.post("/v1/chat/completions", CHAT, "x-request-id", "req-abc-123");
        assertEquals("req-abc-123", res.headers().firstValue("x-request-id").orElse(""));
        assertEquals("req-abc-123", last(small).header("x-request-id"));
    }

    @Test
    void requestId_generatedWhenAbsent() {
        HttpResponse<String> res = harness.post("/v1/chat/completions", CHAT);
        String id = res.headers().firstValue("x-request-id").orElse("");
        assertEquals(36, id.length(), "a UUID, got '" + id + "'");
        assertEquals(id, last(small).header("x-request-id"));
    }

    @Test
    void largePrompt_forwardedByteForByteApartFromTheModel() {
        String prompt = "lorem ipsum dolor sit amet \\\"quoted\\\" ".repeat(6000); // ~230 KB of JSON string
        String body = "{\"prompt\":\"" + prompt + "\",\"max_tokens\":1,\"model\":\"deepseek-r1\",\"temperature\":0}";
        HttpResponse<String> res = harness.post("/v1/completions", body);
        assertEquals(200, res.statusCode(), res.body());
        String expected = body.replace("\"model\":\"deepseek-r1\"", "\"model\":\"" + SMALL + "\"");
        assertEquals(expected, last(small).body());
    }

    @Test
    void models_listsRouteModelAndLoraNames() {
        HttpResponse<String> res = harness.get(harness.uri("/v1/models"));
        assertEquals(200, res.statusCode());
        assertTrue(res.body().startsWith("{\"object\":\"list\",\"data\":[{\"id\":\"deepseek-r1\",\"object\":\"model\""),
                res.body());
        assertTrue(res.body().contains("\"id\":\"sql-lora\""), res.body());
    }

    @Test
    void health_aliveAndReady() {
        assertEquals(200, harness.get(harness.uri("/healthz")).statusCode());
        HttpResponse<String> ready = harness.get(harness.uri("/readyz"));
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("router is ready"), ready.body());
    }

    private static RecordedRequest last(SimulatedEngine engine) {
        List<RecordedRequest> recorded = engine.recordedRequests();
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(2), () -> !engine.recordedRequests().isEmpty()));
        recorded = engine.recordedRequests();
        return recorded.get(recorded.size() - 1);
    }
}
