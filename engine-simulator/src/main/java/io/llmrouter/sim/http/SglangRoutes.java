package io.llmrouter.sim.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** SGLang server routes (engines.md B.3): OpenAI endpoints, native API, LoRA without /v1. */
public final class SglangRoutes {

    private SglangRoutes() {
    }

    public static void configure(HttpRouting.Builder routing, ServingContext context) {
        OpenAiApi openAi = new OpenAiApi(context, ErrorFormat.SGLANG);
        SglangNativeApi nativeApi = new SglangNativeApi(context);
        ControlApi control = new ControlApi(context, ErrorFormat.SGLANG);
        routing.post("/v1/chat/completions", openAi::chat)
            .post("/v1/completions", openAi::completions)
            .post("/generate", nativeApi::generate)
            .get("/v1/models", (req, res) -> control.models(req, res, "sglang"))
            .post("/load_lora_adapter", control::loadLora)
            .post("/unload_lora_adapter", control::unloadLora)
            .get("/health", control::health)
            .get("/health_generate", control::health)
            .get("/get_model_info", (req, res) -> modelInfo(context, res))
            .get("/server_info", (req, res) -> serverInfo(context, res))
            .get("/get_server_info", (req, res) -> serverInfo(context, res))
            .post("/flush_cache", (req, res) -> flushCache(context, req, res))
            .post("/tokenize", control::tokenize)
            .get("/metrics", control::metrics);
    }

    private static void modelInfo(ServingContext context, ServerResponse res) {
        ObjectNode body = context.json().createObjectNode();
        body.put("model_path", context.options().model());
        body.put("tokenizer_path", context.options().model());
        body.put("is_generation", true);
        res.send(body.toString());
    }

    private static void serverInfo(ServingContext context, ServerResponse res) {
        ObjectNode body = context.json().createObjectNode();
        body.put("model_path", context.options().model());
        body.put("served_model_name", context.options().model());
        body.put("disaggregation_mode", switch (context.options().role()) {
            case BOTH -> "null";
            case PREFILL -> "prefill";
            case DECODE -> "decode";
        });
        body.put("max_total_num_tokens", context.options().profile().capacityTokens());
        body.put("max_running_requests", context.options().profile().maxNumSeqs());
        body.put("chunked_prefill_size", context.options().profile().maxNumBatchedTokens());
        body.put("page_size", context.options().profile().blockSize());
        body.put("version", "0.5.0+sim");
        res.send(body.toString());
    }

    private static void flushCache(ServingContext context, ServerRequest req, ServerResponse res) {
        context.engine().withCore(core -> {
            core.cache().resetPrefixCache();
            return null;
        });
        res.send("Cache flushed.\nPlease check backend logs for more details. (When there are running or waiting requests, the operation will not be performed.)\n");
    }
}
