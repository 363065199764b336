package io.llmrouter.adapters.k8s.manifest;

import static java.util.Objects.requireNonNull;

/**
 * One manifest file's name (as problems should show it) and its whole text. Reading works on these,
 * not on paths, so the file watcher can compare what it read with what it applied.
 */
public record SourceText(String name, String content) {

    public SourceText {
        requireNonNull(name, "'name' must not be null");
        requireNonNull(content, "'content' must not be null");
    }
}
