package io.llmrouter.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.sim.tokenizer.SimTokenizer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VllmApiTest {

    private static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    private static SimulatedEngine engine;
    private static SimHttpClient http;

    @BeforeAll
    static void start() {
        engine = SimulatedEngine.start(EngineOptions.builder().model(MODEL).profile("instant").loras("sql-lora").build());
        http = new SimHttpClient(engine.baseUri());
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void chat_nonStreaming_returnsOpenAiJsonWithUsage() throws Exception {
        var reply = http.post("/v1/chat/completions",
            "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi there\"}],\"max_tokens\":5}");
        assertEquals(200, reply.status());
        JsonNode body = reply.json();
        assertEquals("chat.completion", body.path("object").asText());
        assertEquals(MODEL, body.path("model").asText());
        assertEquals("length", body.at("/choices/0/finish_reason").asText());
        assertEquals(5, body.at("/usage/completion_tokens").asInt());
        // "<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n" = 1+1+1+1+1+1+1+1+1+1 tokens
        int expectedPrompt = SimTokenizer.count("<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n");
        assertEquals(expectedPrompt, body.at("/usage/prompt_tokens").asInt());
        assertEquals(expectedPrompt + 5, body.at("/usage/total_tokens").asInt());
        assertTrue(body.at("/usage/prompt_tokens_details/cached_tokens").isInt());
    }

    @Test
    void completion_sameSeedAndPrompt_generatesSameText() throws Exception {
        String request = "{\"model\":\"" + MODEL + "\",\"prompt\":\"Tell me a story\",\"max_tokens\":8}";
        String first = http.post("/v1/completions", request).json().at("/choices/0/text").asText();
        String second = http.post("/v1/completions", request).json().at("/choices/0/text").asText();
        assertEquals(first, second);
        assertEquals(8, SimTokenizer.count(first));
    }

    @Test
    void completion_noMaxTokens_generatesDefaultLengthWithStop() throws Exception {
        JsonNode body = http.post("/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"Hello\"}").json();
        assertEquals(EngineOptions.DEFAULT_MAX_TOKENS, body.at("/usage/completion_tokens").asInt());
        assertEquals("stop", body.at("/choices/0/finish_reason").asText());
    }

    @Test
    void chatStream_withIncludeUsage_endsWithEmptyChoicesUsageChunkAndDone() throws Exception {
        List<String> events = http.stream("/v1/chat/completions", "{\"model\":\"" + MODEL + "\",\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertEquals("[DONE]", events.get(events.size() - 1));
        JsonNode usageChunk = SimHttpClient.parse(events.get(events.size() - 2));
        assertEquals(0, usageChunk.path("choices").size());
        assertEquals(3, usageChunk.at("/usage/completion_tokens").asInt());
        JsonNode first = SimHttpClient.parse(events.get(0));
        assertEquals("assistant", first.at("/choices/0/delta/role").asText());
        assertTrue(first.has("usage") && first.get("usage").isNull());
        // role chunk + 3 token chunks + usage chunk + [DONE]
        assertEquals(6, events.size());
        assertEquals("length", SimHttpClient.parse(events.get(3)).at("/choices/0/finish_reason").asText());
    }

    @Test
    void completionStream_withoutStreamOptions_sendsNoUsageChunk() throws Exception {
        List<String> events = http.stream("/v1/completions",
            "{\"model\":\"" + MODEL + "\",\"stream\":true,\"max_tokens\":4,\"prompt\":\"Hi\"}");
        assertEquals(5, events.size()); // 4 tokens + [DONE]
        for (String event : events.subList(0, 4)) {
            JsonNode chunk = SimHttpClient.parse(event);
            assertEquals("text_completion", chunk.path("object").asText());
            assertFalse(chunk.has("usage"));
        }
    }

    @Test
    void completion_unknownModel_returns404InVllmErrorShape() throws Exception {
        var reply = http.post("/v1/completions", "{\"model\":\"no-such-model\",\"prompt\":\"x\"}");
        assertEquals(404, reply.status());
        JsonNode error = reply.json().path("error");
        assertEquals("NotFoundError", error.path("type").asText());
        assertEquals(404, error.path("code").asInt());
        assertTrue(error.path("code").isInt());
        assertTrue(error.has("param") && error.get("param").isNull());
    }

    @Test
    void completion_invalidJson_returns400BadRequest() throws Exception {
        var reply = http.post("/v1/completions", "{not json");
        assertEquals(400, reply.status());
        assertEquals("BadRequestError", reply.json().at("/error/type").asText());
    }

    @Test
    void completion_loraModel_isServedAndEchoed() throws Exception {
        var reply = http.post("/v1/completions", "{\"model\":\"sql-lora\",\"prompt\":\"select\",\"max_tokens\":2}");
        assertEquals(200, reply.status());
        assertEquals("sql-lora", reply.json().path("model").asText());
    }

    @Test
    void models_withAdapter_listsBaseAndAdapterWithParentAndRoot() throws Exception {
        JsonNode data = http.get("/v1/models").json().path("data");
        assertEquals(MODEL, data.get(0).path("id").asText());
        assertTrue(data.get(0).get("parent").isNull());
        JsonNode adapter = data.get(1);
        assertEquals("sql-lora", adapter.path("id").asText());
        assertEquals(MODEL, adapter.path("parent").asText());
        assertEquals("/adapters/sql-lora", adapter.path("root").asText());
    }

    @Test
    void loadAndUnloadLora_newAdapter_isServedThenGone() throws Exception {
        var load = http.post("/v1/load_lora_adapter", "{\"lora_name\":\"chat-lora\",\"lora_path\":\"/tmp/chat\"}");
        assertEquals(200, load.status());
        assertEquals("Success: LoRA adapter 'chat-lora' added successfully.", load.body());
        assertEquals(400, http.post("/v1/load_lora_adapter",
            "{\"lora_name\":\"chat-lora\",\"lora_path\":\"/tmp/chat\"}").status());
        assertEquals(200, http.post("/v1/completions", "{\"model\":\"chat-lora\",\"prompt\":\"x\",\"max_tokens\":1}").status());
        var unload = http.post("/v1/unload_lora_adapter", "{\"lora_name\":\"chat-lora\"}");
        assertEquals("Success: LoRA adapter 'chat-lora' removed successfully.", unload.body());
        assertEquals(404, http.post("/v1/unload_lora_adapter", "{\"lora_name\":\"chat-lora\"}").status());
        assertEquals(404, http.post("/v1/completions", "{\"model\":\"chat-lora\",\"prompt\":\"x\"}").status());
    }

    @Test
    void tokenize_prompt_countsLikeSimTokenizer() throws Exception {
        JsonNode body = http.post("/tokenize", "{\"model\":\"" + MODEL + "\",\"prompt\":\"Hello, tokenizer world!\"}").json();
        assertEquals(SimTokenizer.count("Hello, tokenizer world!"), body.path("count").asInt());
        assertEquals(body.path("count").asInt(), body.path("tokens").size());
    }

    @Test
    void health_always_returns200() throws Exception {
        assertEquals(200, http.get("/health").status());
    }

    @Test
    void recordedRequests_afterPost_keepHeadersCaseInsensitiveAndBody() throws Exception {
        String body = "{\"model\":\"" + MODEL + "\",\"prompt\":\"recorded\",\"max_tokens\":1}";
        http.post("/v1/completions", body, "X-Test-Id", "abc-123");
        RecordedRequest last = engine.recordedRequests().stream()
            .filter(r -> "abc-123".equals(r.header("x-test-id"))).findFirst().orElseThrow();
        assertEquals("POST", last.method());
        assertEquals("/v1/completions", last.path());
        assertEquals(body, last.body());
        assertEquals("abc-123", last.header("X-TEST-ID"));
    }

    @Test
    void completion_fullyCached32TokenPrompt_reports16CachedTokens() throws Exception {
        String ids = java.util.stream.IntStream.range(5000, 5032).mapToObj(Integer::toString)
            .collect(java.util.stream.Collectors.joining(","));
        String request = "{\"model\":\"" + MODEL + "\",\"prompt\":[" + ids + "],\"max_tokens\":1}";
        assertEquals(0, http.post("/v1/completions", request).json().at("/usage/prompt_tokens_details/cached_tokens").asInt());
        JsonNode usage = http.post("/v1/completions", request).json().path("usage");
        assertEquals(32, usage.path("prompt_tokens").asInt());
        // the hit is capped at n-1 = 31 tokens and rounded down to whole 16-token blocks
        assertEquals(16, usage.at("/prompt_tokens_details/cached_tokens").asInt());
    }

    @Test
    void completion_streamOptionsWithoutStream_returns400LikeVllm() throws Exception {
        var reply = http.post("/v1/completions",
            "{\"model\":\"" + MODEL + "\",\"prompt\":\"x\",\"stream_options\":{\"include_usage\":true}}");
        assertEquals(400, reply.status());
        assertEquals("BadRequestError", reply.json().at("/error/type").asText());
    }
}
