package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.validation.Problem;
import java.util.List;
import java.util.Map;

/**
 * Manifest files read, translated and validated as a whole. The set is usable only when there are
 * no errors. {@code locations} maps a document label ({@code "ModelServer default/x"}) to where it
 * is defined ({@code "servers.yaml:12"}), for reports.
 */
public record LoadedManifest(ResourceSet resources, List<Problem> problems, Map<String, List<String>> locations) {

    public LoadedManifest {
        problems = List.copyOf(problems);
        locations = Map.copyOf(locations);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    public String locationOf(String label) {
        return String.join(", ", locations.getOrDefault(label, List.of()));
    }
}
