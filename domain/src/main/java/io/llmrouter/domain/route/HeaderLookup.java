package io.llmrouter.domain.route;

import java.util.Map;
import java.util.Optional;

/** Read access to a request's headers: the first value of a header, by case-insensitive name. */
@FunctionalInterface
public interface HeaderLookup {

    Optional<String> first(String name);

    static HeaderLookup none() {
        return name -> Optional.empty();
    }

    /** For tests and simple callers: a map whose keys are compared case-insensitively. */
    static HeaderLookup of(Map<String, String> headers) {
        return name -> headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
