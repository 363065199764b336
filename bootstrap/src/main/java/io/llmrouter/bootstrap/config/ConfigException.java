package io.llmrouter.bootstrap.config;

import java.util.List;

/**
 * The router configuration is wrong; the message says where and how to fix it. A whole file read
 * reports every problem it found at once: {@link #problems()} lists them, the message joins them.
 */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** Several problems of one file, in the order they were found; at least one. */
    public ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
