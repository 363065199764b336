package io.llmrouter.domain.route;

import static java.util.Objects.requireNonNull;

/** What route matching looks at: the body's {@code model}, the headers and the URL path (no query). */
public record RouteRequest(String model, HeaderLookup headers, String path) {

    public RouteRequest {
        requireNonNull(model, "'model' must not be null");
        requireNonNull(headers, "'headers' must not be null");
        requireNonNull(path, "'path' must not be null");
    }
}
