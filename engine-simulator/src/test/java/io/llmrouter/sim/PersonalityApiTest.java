package io.llmrouter.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SGLang and TGI personalities over real HTTP. */
class PersonalityApiTest {

    private static SimulatedEngine start(EngineKind kind) {
        return SimulatedEngine.start(EngineOptions.builder().engine(kind).profile("instant").loras("sql-lora").build());
    }

    @Test
    void sglangGenerate_text_returnsTextAndMetaInfoWithCachedTokens() throws Exception {
        try (SimulatedEngine engine = start(EngineKind.SGLANG)) {
            var http = new SimHttpClient(engine.baseUri());
            String request = "{\"text\":\"" + "the same long system prompt ".repeat(10)
                + "\",\"sampling_params\":{\"max_new_tokens\":5}}";
            http.post("/generate", request);
            JsonNode second = http.post("/generate", request).json();
            assertEquals(5, second.at("/meta_info/completion_tokens").asInt());
            assertEquals("length", second.at("/meta_info/finish_reason/type").asText());
            assertTrue(second.at("/meta_info/cached_tokens").asInt() > 0);
            assertFalse(second.path("text").asText().isEmpty());
        }
    }

    @Test
    void sglangGenerateStream_cumulativeTextEndsWithDone() throws Exception {
        try (SimulatedEngine engine = start(EngineKind.SGLANG)) {
            List<String> events = new SimHttpClient(engine.baseUri()).stream("/generate",
                "{\"text\":\"hello\",\"stream\":true,\"sampling_params\":{\"max_new_tokens\":3}}");
            assertEquals(4, events.size());
            assertEquals("[DONE]", events.get(3));
            String first = SimHttpClient.parse(events.get(0)).path("text").asText();
            String last = SimHttpClient.parse(events.get(2)).path("text").asText();
            assertTrue(last.startsWith(first) && last.length() > first.length(), "text is cumulative");
        }
    }

    @Test
    void sglangChat_unknownModel_returnsFlatErrorShape() throws Exception {
        try (SimulatedEngine engine = start(EngineKind.SGLANG)) {
            var reply = new SimHttpClient(engine.baseUri()).post("/v1/chat/completions",
                "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            assertEquals(404, reply.status());
            assertEquals("error", reply.json().path("object").asText());
            assertEquals(404, reply.json().path("code").asInt());
        }
    }

    @Test
    void sglangMetrics_afterRequest_exposeSchedulerGaugesWithRankLabels() throws Exception {
        try (SimulatedEngine engine = start(EngineKind.SGLANG)) {
            new SimHttpClient(engine.baseUri()).post("/generate", "{\"text\":\"hi\"}");
            String text = new SimHttpClient(engine.baseUri()).get("/metrics").body();
            for (String name : List.of("sglang:token_usage", "sglang:num_queue_reqs", "sglang:num_running_reqs",
                "sglang:cache_hit_rate", "sglang:max_total_num_tokens", "sglang:time_to_first_token_seconds_bucket",
                "sglang:prompt_tokens_total", "sglang:cached_tokens_total")) {
                assertTrue(text.contains("\n" + name + "{"), name);
            }
            assertTrue(text.contains("sglang:num_running_reqs{engine_type=\"unified\",model_name=\""
                + EngineOptions.DEFAULT_MODEL + "\",pp_rank=\"0\",tp_rank=\"0\"} 0.0"));
        }
    }

    @Test
    void tgiGenerateStream_finalEventHasGeneratedTextAndNoDone() throws Exception {
        try (SimulatedEngine engine = start(EngineKind.TGI)) {
            List<String> events = new SimHttpClient(engine.baseUri()).stream("/generate_stream",
                "{\"inputs\":\"What is deep learning?\",\"parameters\":{\"max_new_tokens\":4}}");
            assertEquals(4, events.size());
            assertFalse(events.contains("[DONE]"));
            JsonNode last = SimHttpClient.parse(events.get(3));
            assertEquals(4, last.path("index").asInt());
            assertEquals("length", last.at("/details/finish_reason").asText());
            assertEquals(4, last.at("/details/generated_tokens").asInt());
            assertTrue(SimHttpClient.parse(events.get(0)).get("generated_text").isNull());
        }
    }

    @Test
    void tgiGenerate_invalidJson_returns422InTgiShape() throws Exception {
        try (SimulatedEngine engine = start(EngineKind.TGI)) {
            var reply = new SimHttpClient(engine.baseUri()).post("/generate", "{oops");
            assertEquals(422, reply.status());
            assertEquals("validation", reply.json().path("error_type").asText());
        }
    }

    @Test
    void tgiChat_anyModelName_isServedByTheBaseModelWithDone() throws Exception {
        try (SimulatedEngine engine = start(EngineKind.TGI)) {
            List<String> events = new SimHttpClient(engine.baseUri()).stream("/v1/chat/completions",
                "{\"model\":\"tgi\",\"stream\":true,\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            assertEquals("[DONE]", events.get(events.size() - 1));
        }
    }

    @Test
    void tgiInfoAndMetrics_exposeModelAndBatchGaugesWithoutKvGauge() throws Exception {
        try (SimulatedEngine engine = start(EngineKind.TGI)) {
            var http = new SimHttpClient(engine.baseUri());
            assertEquals(EngineOptions.DEFAULT_MODEL, http.get("/info").json().path("model_id").asText());
            http.post("/generate", "{\"inputs\":\"hi\"}");
            String text = http.get("/metrics").body();
            assertTrue(text.contains("\ntgi_batch_max_total_tokens 983040\n"));
            assertTrue(text.contains("\ntgi_batch_current_max_tokens 0\n"));
            assertTrue(text.contains("\ntgi_request_count 1\n"));
            assertTrue(text.contains("tgi_queue_size"));
            assertFalse(text.contains("usage"));
        }
    }

    @Test
    void tgiMetricsPort_ephemeral_servesOnlyMetricsOnSecondListener() throws Exception {
        try (SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().engine(EngineKind.TGI)
            .profile("instant").metricsPort(0).build())) {
            assertTrue(engine.metricsPort() > 0 && engine.metricsPort() != engine.port());
            var metrics = new SimHttpClient(java.net.URI.create("http://127.0.0.1:" + engine.metricsPort()));
            assertTrue(metrics.get("/metrics").body().contains("tgi_batch_max_total_tokens"));
            assertEquals(404, metrics.post("/generate", "{\"inputs\":\"hi\"}").status());
        }
    }
}
