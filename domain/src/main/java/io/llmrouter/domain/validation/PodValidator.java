package io.llmrouter.domain.validation;

import io.llmrouter.domain.pod.Pod;
import java.util.List;

/** Checks one engine endpoint (Kubernetes pod or static endpoint): a usable address and port. */
public final class PodValidator {

    private PodValidator() {
    }

    /** Validates a pod; {@code kind} names the document it came from (Pod or StaticEndpoint). */
    public static List<Problem> validate(Pod pod, DocumentKind kind) {
        Problems problems = new Problems(kind.label(pod.id()));
        if (pod.address().isBlank()) {
            problems.error("spec.address", "is empty; write the engine's host:port, e.g. 10.0.0.5:8000, or the host"
                    + " alone to use the ModelServer's workloadPort");
        } else if (pod.address().contains("/") || pod.address().chars().anyMatch(Character::isWhitespace)) {
            // The address is a host (IPv6 literals without brackets are fine here); a URL is a common slip.
            problems.error("spec.address", "'" + pod.address() + "' is not a host; write host:port such as"
                    + " 10.0.0.5:8000, without scheme or path");
        }
        if (pod.port().isPresent() && (pod.port().getAsInt() < 1 || pod.port().getAsInt() > 65535)) {
            problems.error("spec.address", "has port " + pod.port().getAsInt() + "; use a number from 1 to 65535");
        }
        if (pod.meta().labels().isEmpty()) {
            problems.warning("metadata.labels", "is empty, so no ModelServer can select this endpoint; add the"
                    + " labels its ModelServer's workloadSelector.matchLabels names");
        }
        return problems.list();
    }
}
