package io.llmrouter.sim.core;

import java.util.Objects;

/**
 * What the engine core needs to run one request, whichever API it came from.
 *
 * @param id            request id (appears in responses)
 * @param promptTokens  the prompt after the chat template, tokenized
 * @param maxTokens     output tokens to generate
 * @param limitReason   finish reason when {@code maxTokens} is reached: {@code LENGTH} when the
 *                      client set the limit, {@code STOP} when the default length stands in for EOS
 * @param adapter       LoRA adapter name, or null for the base model
 * @param seed          seed of the generated text
 * @param kvTransferred true on a decode-role instance whose prompt KV came from a prefill instance
 * @param sink          receives the output
 */
public record GenerationRequest(String id, int[] promptTokens, int maxTokens, FinishReason limitReason,
                                String adapter, long seed, boolean kvTransferred, TokenSink sink) {

    public GenerationRequest {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(promptTokens, "'promptTokens' must not be null");
        Objects.requireNonNull(limitReason, "'limitReason' must not be null");
        Objects.requireNonNull(sink, "'sink' must not be null");
        if (promptTokens.length == 0) {
            throw new IllegalArgumentException("'promptTokens' must not be empty");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("'maxTokens' must be at least 1, got " + maxTokens);
        }
    }
}
