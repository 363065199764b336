package io.llmrouter.sim.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;

/** TGI router routes (engines.md B.2): native generate, Messages API, /info, /metrics. */
public final class TgiRoutes {

    private TgiRoutes() {
    }

    public static void configure(HttpRouting.Builder routing, ServingContext context) {
        OpenAiApi openAi = new OpenAiApi(context, ErrorFormat.TGI);
        TgiNativeApi nativeApi = new TgiNativeApi(context);
        ControlApi control = new ControlApi(context, ErrorFormat.TGI);
        routing.post("/generate", nativeApi::generate)
            .post("/", nativeApi::generate)
            .post("/generate_stream", nativeApi::generateStream)
            .post("/v1/chat/completions", openAi::chat)
            .post("/v1/completions", openAi::completions)
            .get("/v1/models", (req, res) -> control.models(req, res, "tgi"))
            .get("/info", (req, res) -> info(context, res))
            .get("/health", control::health)
            .get("/ping", control::health)
            .get("/metrics", control::metrics);
    }

    private static void info(ServingContext context, ServerResponse res) {
        ObjectNode body = context.json().createObjectNode();
        body.put("model_id", context.options().model());
        body.putNull("model_sha");
        body.put("model_dtype", "torch.bfloat16");
        body.put("model_device_type", "cuda");
        body.putNull("model_pipeline_tag");
        body.put("max_concurrent_requests", 128);
        body.put("max_best_of", 2);
        body.put("max_stop_sequences", 4);
        body.put("max_input_tokens", context.options().profile().maxModelLen() - 1);
        body.put("max_total_tokens", context.options().profile().maxModelLen());
        body.put("validation_workers", 2);
        body.put("max_client_batch_size", 4);
        body.put("router", "text-generation-router");
        body.put("version", "3.3.6+sim");
        body.putNull("sha");
        body.putNull("docker_label");
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
    }
}
