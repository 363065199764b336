package io.llmrouter.bench.load;

import java.util.Objects;

/**
 * One request of a workload: the prompt text, its token count under the engine simulator's
 * tokenizer (approximate for a real engine's tokenizer) and the output length to ask for.
 *
 * @param index        position in the (shuffled) workload
 * @param group        shared-prefix group, or -1 when the workload has none
 * @param prompt       prompt text
 * @param promptTokens token count of {@code prompt} under {@code SimTokenizer}
 * @param outputTokens {@code max_tokens} sent with the request
 */
public record BenchRequest(int index, int group, String prompt, int promptTokens, int outputTokens) {

    public BenchRequest {
        Objects.requireNonNull(prompt, "'prompt' must not be null");
        if (promptTokens < 1 || outputTokens < 1) {
            throw new IllegalArgumentException("'promptTokens' and 'outputTokens' must be >= 1, got "
                    + promptTokens + " and " + outputTokens);
        }
    }
}
