package io.llmrouter.domain.server;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/** Selects a ModelServer's pods by labels in its namespace, optionally grouped for PD disaggregation. */
public record WorkloadSelector(Map<String, String> matchLabels, Optional<PdGroup> pdGroup) {

    public WorkloadSelector {
        matchLabels = Map.copyOf(requireNonNull(matchLabels, "'matchLabels' must not be null"));
        requireNonNull(pdGroup, "'pdGroup' must not be null");
    }

    /** True when every selector label is present with the same value; an empty selector selects nothing. */
    public boolean selects(Map<String, String> labels) {
        return !matchLabels.isEmpty() && labels.entrySet().containsAll(matchLabels.entrySet());
    }
}
