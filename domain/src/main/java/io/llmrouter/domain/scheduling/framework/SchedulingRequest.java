package io.llmrouter.domain.scheduling.framework;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.server.ModelServer;
import java.util.Optional;

/**
 * What the scheduler knows about the request it places: the requested model name (the key for
 * per-model state such as the prefix index, as in Kthena), the LoRA adapter when the route matched
 * one, the target ModelServer, and the prompt.
 */
public record SchedulingRequest(String model, Optional<String> loraAdapter, ModelServer server, PromptText prompt) {

    public SchedulingRequest {
        requireNonNull(model, "'model' must not be null");
        requireNonNull(loraAdapter, "'loraAdapter' must not be null");
        requireNonNull(server, "'server' must not be null");
        requireNonNull(prompt, "'prompt' must not be null");
    }

    public static SchedulingRequest of(String model, ModelServer server) {
        return new SchedulingRequest(model, Optional.empty(), server, PromptText.empty());
    }
}
