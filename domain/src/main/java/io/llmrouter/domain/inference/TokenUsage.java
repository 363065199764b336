package io.llmrouter.domain.inference;

/**
 * Tokens an engine reported for one request ({@code usage.prompt_tokens} and
 * {@code usage.completion_tokens}); {@link #UNKNOWN} when the answer carried no usage (an error
 * body, a stream cut short, an engine that does not report it).
 */
public record TokenUsage(long promptTokens, long completionTokens) {

    public static final TokenUsage UNKNOWN = new TokenUsage(-1, -1);

    public TokenUsage {
        if (promptTokens < -1 || completionTokens < -1) {
            throw new IllegalArgumentException("token counts must be >= 0 (or -1 for unknown), were "
                    + promptTokens + " and " + completionTokens);
        }
    }

    public boolean known() {
        return promptTokens >= 0 || completionTokens >= 0;
    }
}
