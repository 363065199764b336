package io.llmrouter.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.sim.core.FinishReason;

/**
 * An inference request reduced to what the engine and the response writer need.
 *
 * @param model         the "model" field as sent (echoed in responses); never null
 * @param adapter       LoRA adapter, or null for the base model
 * @param prompt        prompt token ids (after the chat template for chat requests)
 * @param maxTokens     output tokens to generate
 * @param limitReason   finish reason at the limit (LENGTH when the client set it)
 * @param stream        SSE response
 * @param includeUsage  send the usage chunk at the end of the stream
 * @param textSeed      seed of the generated text
 * @param kvTransfer    vLLM {@code kv_transfer_params}, or null
 * @param bootstrapRoom SGLang {@code bootstrap_room}, or null
 */
record ParsedRequest(String model, String adapter, int[] prompt, int maxTokens, FinishReason limitReason,
                     boolean stream, boolean includeUsage, long textSeed, JsonNode kvTransfer, String bootstrapRoom) {

    ParsedRequest withAdapter(String name) {
        return new ParsedRequest(model, name, prompt, maxTokens, limitReason, stream, includeUsage, textSeed, kvTransfer,
            bootstrapRoom);
    }

    ParsedRequest withMaxTokens(int tokens, FinishReason reason) {
        return new ParsedRequest(model, adapter, prompt, tokens, reason, stream, includeUsage, textSeed, kvTransfer,
            bootstrapRoom);
    }
}
