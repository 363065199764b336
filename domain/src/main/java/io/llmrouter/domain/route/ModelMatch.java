package io.llmrouter.domain.route;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The conditions of a rule, all of which must hold: each header (first value; a missing header
 * reads as the empty string), the URL path without query, and the request body's {@code model}
 * (exact). Header names are kept lower-case because HTTP names are case-insensitive.
 */
public record ModelMatch(Map<String, StringMatch> headers, Optional<StringMatch> uri, Optional<String> bodyModel) {

    public ModelMatch {
        TreeMap<String, StringMatch> lower = new TreeMap<>();
        requireNonNull(headers, "'headers' must not be null").forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        headers = Map.copyOf(lower);
        requireNonNull(uri, "'uri' must not be null");
        requireNonNull(bodyModel, "'bodyModel' must not be null");
    }

    public boolean matches(RouteRequest request) {
        if (bodyModel.isPresent() && !bodyModel.get().equals(request.model())) {
            return false;
        }
        for (Map.Entry<String, StringMatch> header : headers.entrySet()) {
            if (!header.getValue().matches(request.headers().first(header.getKey()).orElse(""))) {
                return false;
            }
        }
        return uri.map(u -> u.matches(request.path())).orElse(true);
    }
}
