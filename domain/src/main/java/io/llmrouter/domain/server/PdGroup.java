package io.llmrouter.domain.server;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Prefill/decode grouping of a ModelServer's pods: pods pair only when their {@code groupKey}
 * label values are equal; the role comes from the decode labels (checked first), then the prefill labels.
 */
public record PdGroup(String groupKey, Map<String, String> prefillLabels, Map<String, String> decodeLabels) {

    public PdGroup {
        requireNonNull(groupKey, "'groupKey' must not be null");
        prefillLabels = Map.copyOf(requireNonNull(prefillLabels, "'prefillLabels' must not be null"));
        decodeLabels = Map.copyOf(requireNonNull(decodeLabels, "'decodeLabels' must not be null"));
    }
}
