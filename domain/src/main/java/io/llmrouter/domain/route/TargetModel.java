package io.llmrouter.domain.route;

import java.util.Optional;

/**
 * Where a rule sends traffic: a ModelServer (or an external provider) in the route's namespace,
 * with a weight for the weighted random split. Exactly one of the two names is set; validation
 * reports a target that breaks this.
 */
public record TargetModel(Optional<String> modelServerName, Optional<String> externalModelProviderName, int weight) {

    /** The CRD default, applied when a document leaves the weight out. */
    public static final int DEFAULT_WEIGHT = 100;
    public static final int MAX_WEIGHT = 100;

    public TargetModel {
        java.util.Objects.requireNonNull(modelServerName, "'modelServerName' must not be null");
        java.util.Objects.requireNonNull(externalModelProviderName, "'externalModelProviderName' must not be null");
    }

    public static TargetModel server(String name, int weight) {
        return new TargetModel(Optional.of(name), Optional.empty(), weight);
    }

    public static TargetModel server(String name) {
        return server(name, DEFAULT_WEIGHT);
    }
}
