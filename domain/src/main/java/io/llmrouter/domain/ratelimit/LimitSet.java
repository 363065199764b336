package io.llmrouter.domain.ratelimit;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The limits one owner sets: input tokens, output tokens, requests, each optional, per unit. */
public record LimitSet(Optional<Limit> inputTokens, Optional<Limit> outputTokens, Optional<Limit> requests) {

    public static final LimitSet NONE = new LimitSet(Optional.empty(), Optional.empty(), Optional.empty());

    public LimitSet {
        requireNonNull(inputTokens, "'inputTokens' must not be null");
        requireNonNull(outputTokens, "'outputTokens' must not be null");
        requireNonNull(requests, "'requests' must not be null");
    }

    public Optional<Limit> of(LimitType type) {
        return switch (type) {
            case INPUT_TOKENS -> inputTokens;
            case OUTPUT_TOKENS -> outputTokens;
            case REQUESTS -> requests;
        };
    }

    public boolean isEmpty() {
        return inputTokens.isEmpty() && outputTokens.isEmpty() && requests.isEmpty();
    }
}
