package io.llmrouter.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.sim.EngineKind;

/**
 * Non-streaming OpenAI response bodies in each engine's own field layout: vLLM's
 * ({@code reasoning_content}, {@code stop_reason}, {@code prompt_logprobs}), SGLang's
 * ({@code matched_stop}; usage with {@code cached_tokens}, as with {@code --enable-cache-report}) and
 * TGI's Messages API ({@code system_fingerprint}, plain usage). A field one engine invented never
 * shows up in another's answer.
 */
final class OpenAiResponses {

    /** What TGI puts in {@code system_fingerprint}: its version and the backend. */
    static final String TGI_FINGERPRINT = "3.3.4-native";

    private OpenAiResponses() {
    }

    static ObjectNode chat(ObjectMapper json, EngineKind kind, String id, long created, String model, String text,
                           String finishReason, TokenEvent.Finish usage) {
        ObjectNode body = head(json, kind, id, "chat.completion", created, model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", text);
        switch (kind) {
            case VLLM -> {
                message.putNull("reasoning_content");
                message.putArray("tool_calls");
            }
            case SGLANG -> message.putNull("tool_calls");
            case TGI -> { }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        stopField(choice, kind);
        body.set("usage", usage(json, kind, usage));
        if (kind == EngineKind.VLLM) {
            body.putNull("prompt_logprobs");
        }
        return body;
    }

    static ObjectNode completion(ObjectMapper json, EngineKind kind, String id, long created, String model,
                                 String text, String finishReason, TokenEvent.Finish usage) {
        ObjectNode body = head(json, kind, id, "text_completion", created, model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("text", text);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        stopField(choice, kind);
        if (kind == EngineKind.VLLM) {
            choice.putNull("prompt_logprobs");
        }
        body.set("usage", usage(json, kind, usage));
        return body;
    }

    /** vLLM's {@code stop_reason}, SGLang's {@code matched_stop}; TGI has neither. */
    private static void stopField(ObjectNode choice, EngineKind kind) {
        switch (kind) {
            case VLLM -> choice.putNull("stop_reason");
            case SGLANG -> choice.putNull("matched_stop");
            case TGI -> { }
        }
    }

    static JsonNode usage(ObjectMapper json, EngineKind kind, TokenEvent.Finish finish) {
        ObjectNode usage = json.createObjectNode();
        usage.put("prompt_tokens", finish.promptTokens());
        usage.put("total_tokens", finish.promptTokens() + finish.completionTokens());
        usage.put("completion_tokens", finish.completionTokens());
        if (kind != EngineKind.TGI) {
            usage.putObject("prompt_tokens_details").put("cached_tokens", finish.cachedTokens());
        }
        return usage;
    }

    private static ObjectNode head(ObjectMapper json, EngineKind kind, String id, String object, long created,
                                   String model) {
        ObjectNode body = json.createObjectNode();
        body.put("id", id);
        body.put("object", object);
        body.put("created", created);
        body.put("model", model);
        if (kind == EngineKind.TGI) {
            body.put("system_fingerprint", TGI_FINGERPRINT);
        }
        return body;
    }
}
