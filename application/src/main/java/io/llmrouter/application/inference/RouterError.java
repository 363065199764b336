package io.llmrouter.application.inference;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.inference.Header;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A refusal or failure by the router itself, with a message written for the API client.
 * {@code retryAfter}: when the client may usefully try again (the {@code Retry-After} header of a
 * 429), for refusals that pass. {@code headers}: more response headers the refusal carries
 * ({@code x-ratelimit-*} on a rate-limit 429, {@code WWW-Authenticate} on a 401).
 */
public record RouterError(ErrorKind kind, String message, Optional<String> param, Optional<Duration> retryAfter,
                          List<Header> headers) {

    public RouterError {
        requireNonNull(kind, "'kind' must not be null");
        requireNonNull(message, "'message' must not be null");
        requireNonNull(param, "'param' must not be null");
        requireNonNull(retryAfter, "'retryAfter' must not be null");
        headers = List.copyOf(headers);
    }

    public RouterError(ErrorKind kind, String message, Optional<String> param) {
        this(kind, message, param, Optional.empty(), List.of());
    }

    public RouterError withRetryAfter(Duration wait) {
        return new RouterError(kind, message, param, Optional.of(wait), headers);
    }

    public RouterError withHeader(String name, String value) {
        List<Header> more = new java.util.ArrayList<>(headers);
        more.add(new Header(name, value));
        return new RouterError(kind, message, param, retryAfter, more);
    }

    public static RouterError of(ErrorKind kind, String message) {
        return new RouterError(kind, message, Optional.empty());
    }

    public static RouterError of(ErrorKind kind, String message, String param) {
        return new RouterError(kind, message, Optional.of(param));
    }
}
