package io.llmrouter.sim;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One inference request as the engine received it, for assertions in router tests.
 *
 * @param method  HTTP method
 * @param path    request path (no query)
 * @param headers header values by name; lookups ignore case
 * @param body    the request body as text
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {

    public RecordedRequest {
        Objects.requireNonNull(method, "'method' must not be null");
        Objects.requireNonNull(path, "'path' must not be null");
        Objects.requireNonNull(body, "'body' must not be null");
        TreeMap<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> byName.merge(name, List.copyOf(values), RecordedRequest::concat));
        headers = Collections.unmodifiableMap(byName);
    }

    /** First value of a header (any case), or null when absent. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
