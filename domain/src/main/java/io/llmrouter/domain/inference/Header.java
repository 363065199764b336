package io.llmrouter.domain.inference;

import static java.util.Objects.requireNonNull;

/** One HTTP header line; names compare case-insensitively wherever the router looks them up. */
public record Header(String name, String value) {

    public Header {
        requireNonNull(name, "'name' must not be null");
        requireNonNull(value, "'value' must not be null");
    }

    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }
}
