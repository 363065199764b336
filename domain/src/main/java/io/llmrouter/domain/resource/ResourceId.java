package io.llmrouter.domain.resource;

import static java.util.Objects.requireNonNull;

/** The namespaced name of a document (ModelRoute, ModelServer, pod), as Kubernetes names it. */
public record ResourceId(String namespace, String name) implements Comparable<ResourceId> {

    public static final String DEFAULT_NAMESPACE = "default";

    public ResourceId {
        requireNonNull(namespace, "'namespace' must not be null");
        requireNonNull(name, "'name' must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("'name' must not be blank");
        }
    }

    public static ResourceId of(String namespace, String name) {
        return new ResourceId(namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace, name);
    }

    @Override
    public int compareTo(ResourceId other) {
        int byNamespace = namespace.compareTo(other.namespace);
        return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
