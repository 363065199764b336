package io.llmrouter.sim.tokenizer;

import java.util.Objects;

/** One message of a chat conversation, with its content already flattened to text. */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        Objects.requireNonNull(role, "'role' must not be null");
        Objects.requireNonNull(content, "'content' must not be null");
    }
}
