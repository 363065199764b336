package io.llmrouter.application.inference;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * A refusal or failure by the router itself, with a message written for the API client.
 * {@code retryAfter}: when the client may usefully try again (the {@code Retry-After} header of a
 * 429), for refusals that pass.
 */
public record RouterError(ErrorKind kind, String message, Optional<String> param, Optional<Duration> retryAfter) {

    public RouterError {
        requireNonNull(kind, "'kind' must not be null");
        requireNonNull(message, "'message' must not be null");
        requireNonNull(param, "'param' must not be null");
        requireNonNull(retryAfter, "'retryAfter' must not be null");
    }

    public RouterError(ErrorKind kind, String message, Optional<String> param) {
        this(kind, message, param, Optional.empty());
    }

    public RouterError withRetryAfter(Duration wait) {
        return new RouterError(kind, message, param, Optional.of(wait));
    }

    public static RouterError of(ErrorKind kind, String message) {
        return new RouterError(kind, message, Optional.empty());
    }

    public static RouterError of(ErrorKind kind, String message, String param) {
        return new RouterError(kind, message, Optional.of(param));
    }
}
