package io.llmrouter.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Prefill/decode roles: vLLM's kv_transfer_params exchange and SGLang's bootstrap_room. */
class DisaggregationTest {

    private static final String PROMPT = "the prompt to prefill on one engine and decode on another ".repeat(8);

    private static SimulatedEngine start(EngineKind kind, EngineRole role) {
        return SimulatedEngine.start(EngineOptions.builder().engine(kind).role(role).profile("instant").build());
    }

    @Test
    void vllmPrefillThenDecode_kvTransferParams_decodeSkipsPrefill() throws Exception {
        try (SimulatedEngine prefill = start(EngineKind.VLLM, EngineRole.PREFILL);
             SimulatedEngine decode = start(EngineKind.VLLM, EngineRole.DECODE)) {
            JsonNode prefilled = new SimHttpClient(prefill.baseUri()).post("/v1/completions",
                "{\"prompt\":\"" + PROMPT + "\",\"max_tokens\":20,\"kv_transfer_params\":{\"do_remote_decode\":true,"
                    + "\"do_remote_prefill\":false,\"remote_engine_id\":null,\"remote_block_ids\":null,"
                    + "\"remote_host\":null,\"remote_port\":null}}").json();
            assertEquals(1, prefilled.at("/usage/completion_tokens").asInt());
            JsonNode params = prefilled.path("kv_transfer_params");
            assertTrue(params.path("do_remote_prefill").asBoolean());
            assertEquals(prefill.port(), params.path("remote_port").asInt());
            int promptTokens = prefilled.at("/usage/prompt_tokens").asInt();
            assertEquals((promptTokens + 15) / 16, params.path("remote_block_ids").size());

            JsonNode decoded = new SimHttpClient(decode.baseUri()).post("/v1/completions",
                "{\"prompt\":\"" + PROMPT + "\",\"max_tokens\":20,\"kv_transfer_params\":" + params + "}").json();
            assertEquals(20, decoded.at("/usage/completion_tokens").asInt());
            // every prompt token but the last came from the prefill instance
            assertEquals(promptTokens - 1, decoded.at("/usage/prompt_tokens_details/cached_tokens").asInt());
            assertEquals(0, decode.state().prefixQueriedTokens());
            assertTrue(decode.metricsText().contains("vllm:external_prefix_cache_hits_total{engine=\"0\",model_name=\""
                + EngineOptions.DEFAULT_MODEL + "\"} " + (promptTokens - 1) + ".0"));
        }
    }

    @Test
    void sglangPrefill_withoutBootstrapRoom_returns400() throws Exception {
        try (SimulatedEngine prefill = start(EngineKind.SGLANG, EngineRole.PREFILL)) {
            var reply = new SimHttpClient(prefill.baseUri()).post("/generate", "{\"text\":\"hi\"}");
            assertEquals(400, reply.status());
        }
    }

    @Test
    void sglangPrefillAndDecode_withBootstrapRoom_prefillOneTokenDecodeAll() throws Exception {
        try (SimulatedEngine prefill = start(EngineKind.SGLANG, EngineRole.PREFILL);
             SimulatedEngine decode = start(EngineKind.SGLANG, EngineRole.DECODE)) {
            String body = "{\"text\":\"" + PROMPT + "\",\"sampling_params\":{\"max_new_tokens\":12},"
                + "\"bootstrap_host\":\"127.0.0.1\",\"bootstrap_port\":8998,\"bootstrap_room\":12345}";
            JsonNode p = new SimHttpClient(prefill.baseUri()).post("/generate", body).json();
            JsonNode d = new SimHttpClient(decode.baseUri()).post("/generate", body).json();
            assertEquals(1, p.at("/meta_info/completion_tokens").asInt());
            assertEquals(12, d.at("/meta_info/completion_tokens").asInt());
            assertTrue(new SimHttpClient(decode.baseUri()).get("/metrics").body().contains("engine_type=\"decode\""));
        }
    }
}
