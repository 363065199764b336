package io.llmrouter.domain.validation;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong (or suspicious) in a document, told so a person can fix it: which document
 * ({@code "ModelRoute default/deepseek"} or a file position), which field
 * ({@code "spec.rules[0].targetModels[1].weight"}) and what to do.
 */
public record Problem(Severity severity, String document, String field, String message) {

    public enum Severity { ERROR, WARNING }

    public Problem {
        requireNonNull(severity, "'severity' must not be null");
        requireNonNull(document, "'document' must not be null");
        requireNonNull(field, "'field' must not be null");
        requireNonNull(message, "'message' must not be null");
    }

    public static Problem error(String document, String field, String message) {
        return new Problem(Severity.ERROR, document, field, message);
    }

    public static Problem warning(String document, String field, String message) {
        return new Problem(Severity.WARNING, document, field, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + document
                + (field.isEmpty() ? "" : " " + field) + ": " + message;
    }
}
