package io.llmrouter.sim.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;

/** vLLM's OpenAI-compatible server routes (engines.md B.1). */
public final class VllmRoutes {

    private VllmRoutes() {
    }

    public static void configure(HttpRouting.Builder routing, ServingContext context) {
        OpenAiApi openAi = new OpenAiApi(context, ErrorFormat.VLLM);
        ControlApi control = new ControlApi(context, ErrorFormat.VLLM);
        routing.post("/v1/chat/completions", openAi::chat)
            .post("/v1/completions", openAi::completions)
            .get("/v1/models", (req, res) -> control.models(req, res, "vllm"))
            .post("/v1/load_lora_adapter", control::loadLora)
            .post("/v1/unload_lora_adapter", control::unloadLora)
            .post("/tokenize", control::tokenize)
            .get("/health", control::health)
            .get("/metrics", control::metrics)
            .get("/version", (req, res) -> {
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.send("{\"version\":\"0.11.0+sim\"}");
            });
    }
}
