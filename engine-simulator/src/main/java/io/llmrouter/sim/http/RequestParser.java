package io.llmrouter.sim.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.sim.core.FinishReason;
import io.llmrouter.sim.tokenizer.ChatMessage;
import io.llmrouter.sim.tokenizer.ChatTemplate;
import io.llmrouter.sim.tokenizer.SimTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns OpenAI-style request bodies into {@link ParsedRequest}s; malformed input becomes a 400. */
final class RequestParser {

    private final ServingContext context;

    RequestParser(ServingContext context) {
        this.context = context;
    }

    JsonNode parseJson(String body) {
        try {
            JsonNode json = context.json().readTree(body);
            if (json == null || !json.isObject()) {
                throw new ApiException(400, "request body must be a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "Invalid JSON: " + e.getOriginalMessage());
        }
    }

    ParsedRequest chat(JsonNode json) {
        JsonNode messages = json.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new ApiException(400, "'messages' must be a non-empty array");
        }
        List<ChatMessage> turns = new ArrayList<>();
        for (JsonNode message : messages) {
            turns.add(new ChatMessage(message.path("role").asText("user"), contentText(message.get("content"))));
        }
        int[] prompt = SimTokenizer.tokenize(ChatTemplate.render(turns));
        int max = firstInt(json, "max_completion_tokens", "max_tokens");
        return build(json, prompt, max);
    }

    ParsedRequest completion(JsonNode json) {
        return build(json, promptTokens(json.get("prompt")), firstInt(json, "max_tokens", "max_tokens"));
    }

    /** Builds from an already tokenized prompt and an optional (-1) max_tokens. */
    ParsedRequest build(JsonNode json, int[] prompt, int maxTokens) {
        if (json.path("n").asInt(1) != 1) {
            throw new ApiException(400, "the simulator supports only n=1");
        }
        String model = json.path("model").asText(context.options().model());
        String adapter = context.adapterFor(json.hasNonNull("model") ? model : null);
        boolean explicit = maxTokens >= 0;
        if (explicit && maxTokens < 1) {
            throw new ApiException(400, "max_tokens must be at least 1, got " + maxTokens);
        }
        boolean stream = json.path("stream").asBoolean(false);
        JsonNode options = json.get("stream_options");
        if (options != null && !options.isNull() && !stream) {
            throw new ApiException(400, "Stream options can only be defined when `stream=True`.");
        }
        boolean includeUsage = stream && options != null && options.isObject()
            && options.path("include_usage").asBoolean(true);
        long seed = textSeed(prompt, json.path("seed").asLong(0));
        return new ParsedRequest(model, adapter, prompt,
            explicit ? maxTokens : context.options().defaultMaxTokens(),
            explicit ? FinishReason.LENGTH : FinishReason.STOP, stream, includeUsage, seed,
            json.get("kv_transfer_params"), json.hasNonNull("bootstrap_room") ? json.get("bootstrap_room").asText() : null);
    }

    static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                text.append(part.path("text").asText(""));
            }
            return text.toString();
        }
        throw new ApiException(400, "'content' must be a string or an array of parts");
    }

    static int[] promptTokens(JsonNode prompt) {
        if (prompt == null || prompt.isNull()) {
            throw new ApiException(400, "'prompt' is required");
        }
        if (prompt.isTextual()) {
            return nonEmpty(SimTokenizer.tokenize(prompt.asText()));
        }
        if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isInt()) {
            int[] ids = new int[prompt.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = prompt.get(i).asInt();
            }
            return ids;
        }
        if (prompt.isArray() && prompt.size() == 1) {
            return promptTokens(prompt.get(0));
        }
        throw new ApiException(400, "'prompt' must be a string, a token id array, or a one-element array");
    }

    private static int[] nonEmpty(int[] tokens) {
        if (tokens.length == 0) {
            throw new ApiException(400, "the prompt must not be empty");
        }
        return tokens;
    }

    private static int firstInt(JsonNode json, String first, String second) {
        JsonNode value = json.hasNonNull(first) ? json.get(first) : json.get(second);
        if (value == null || value.isNull()) {
            return -1;
        }
        if (!value.canConvertToInt()) {
            throw new ApiException(400, "'" + first + "' must be an integer");
        }
        return value.asInt();
    }

    private long textSeed(int[] prompt, long requestSeed) {
        return context.options().seed() * 0x9E3779B97F4A7C15L ^ Arrays.hashCode(prompt) ^ (requestSeed << 32);
    }

    static ObjectMapper mapper() {
        return new ObjectMapper();
    }
}
