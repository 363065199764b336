package io.llmrouter.adapters.k8s.manifest;

import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * One document of a manifest file, before translation: where it is, its position among all
 * documents (the stand-in for creation order), its kind, and its YAML tree with line marks.
 */
public record ManifestDocument(String file, int line, int ordinal, String kind, MappingNode root) {

    /** {@code "routes.yaml:12"}: where the document starts. */
    public String location() {
        return file + ":" + line;
    }
}
