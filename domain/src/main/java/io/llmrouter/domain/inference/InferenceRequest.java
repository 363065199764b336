package io.llmrouter.domain.inference;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.route.HeaderLookup;
import io.llmrouter.domain.route.RouteRequest;
import java.util.List;
import java.util.Optional;

/**
 * One OpenAI-style request as the router understood it after a single parse: the path, the
 * {@code model} and {@code stream} fields, the headers to forward, the untouched body, the prompt
 * as the engine will see it, and whether the caller may see how it was scheduled ({@code debug}).
 */
public record InferenceRequest(String requestId, String path, String model, boolean stream,
                               List<Header> headers, RequestBody body, PromptText prompt, boolean debug) {

    public InferenceRequest {
        requireNonNull(requestId, "'requestId' must not be null");
        requireNonNull(path, "'path' must not be null");
        requireNonNull(model, "'model' must not be null");
        headers = List.copyOf(requireNonNull(headers, "'headers' must not be null"));
        requireNonNull(body, "'body' must not be null");
        requireNonNull(prompt, "'prompt' must not be null");
    }

    public Optional<String> header(String name) {
        for (Header h : headers) {
            if (h.is(name)) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    public RouteRequest routeRequest() {
        HeaderLookup lookup = this::header;
        return new RouteRequest(model, lookup, path);
    }
}
