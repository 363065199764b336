package io.llmrouter.domain.scheduling.framework;

import java.util.Optional;

/**
 * The token ids the target engine will see for a request's prompt, as its own tokenizer gives them
 * (vLLM / SGLang {@code /tokenize}). Implementations answer within a short time budget: empty when
 * the tokens are not known in time (the caller then decides without them), never blocking long on
 * the request path.
 */
@FunctionalInterface
public interface PromptTokens {

    Optional<int[]> tokens(SchedulingRequest request);

    static PromptTokens none() {
        return request -> Optional.empty();
    }
}
