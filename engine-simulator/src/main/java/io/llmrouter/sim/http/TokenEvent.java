package io.llmrouter.sim.http;

import io.llmrouter.sim.core.FinishReason;

/** What the engine hands to a waiting HTTP handler: a token, or the end of the request. */
sealed interface TokenEvent {

    /** @param cachedTokens the request's prompt tokens served from the prefix cache */
    record Token(int index, int id, String text, int cachedTokens) implements TokenEvent {
    }

    /**
     * @param blockIds KV block ids the request held when its first token was sampled (PD hand-off)
     */
    record Finish(FinishReason reason, int promptTokens, int cachedTokens, int completionTokens, int[] blockIds)
        implements TokenEvent {
    }
}
