package io.llmrouter.application.inference;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A refusal or failure by the router itself, with a message written for the API client. */
public record RouterError(ErrorKind kind, String message, Optional<String> param) {

    public RouterError {
        requireNonNull(kind, "'kind' must not be null");
        requireNonNull(message, "'message' must not be null");
        requireNonNull(param, "'param' must not be null");
    }

    public static RouterError of(ErrorKind kind, String message) {
        return new RouterError(kind, message, Optional.empty());
    }

    public static RouterError of(ErrorKind kind, String message, String param) {
        return new RouterError(kind, message, Optional.of(param));
    }
}
