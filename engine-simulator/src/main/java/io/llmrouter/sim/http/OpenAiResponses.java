package io.llmrouter.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Non-streaming OpenAI response bodies in vLLM's field layout. */
final class OpenAiResponses {

    private OpenAiResponses() {
    }

    static ObjectNode chat(ObjectMapper json, String id, long created, String model, String text, String finishReason,
                           TokenEvent.Finish usage) {
        ObjectNode body = head(json, id, "chat.completion", created, model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", text);
        message.putNull("reasoning_content");
        message.putArray("tool_calls");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        choice.putNull("stop_reason");
        body.set("usage", usage(json, usage));
        body.putNull("prompt_logprobs");
        return body;
    }

    static ObjectNode completion(ObjectMapper json, String id, long created, String model, String text,
                                 String finishReason, TokenEvent.Finish usage) {
        ObjectNode body = head(json, id, "text_completion", created, model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("text", text);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        choice.putNull("stop_reason");
        choice.putNull("prompt_logprobs");
        body.set("usage", usage(json, usage));
        return body;
    }

    static JsonNode usage(ObjectMapper json, TokenEvent.Finish finish) {
        ObjectNode usage = json.createObjectNode();
        usage.put("prompt_tokens", finish.promptTokens());
        usage.put("total_tokens", finish.promptTokens() + finish.completionTokens());
        usage.put("completion_tokens", finish.completionTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", finish.cachedTokens());
        return usage;
    }

    private static ObjectNode head(ObjectMapper json, String id, String object, long created, String model) {
        ObjectNode body = json.createObjectNode();
        body.put("id", id);
        body.put("object", object);
        body.put("created", created);
        body.put("model", model);
        return body;
    }
}
