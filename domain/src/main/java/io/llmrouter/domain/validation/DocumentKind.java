package io.llmrouter.domain.validation;

import io.llmrouter.domain.resource.ResourceId;

/**
 * The document kinds a problem can name. {@code StaticEndpoint} is this router's bare-metal stand-in
 * for a Kubernetes pod; the domain treats both as {@link io.llmrouter.domain.pod.Pod}.
 */
public enum DocumentKind {
    MODEL_ROUTE("ModelRoute"),
    MODEL_SERVER("ModelServer"),
    POD("Pod"),
    STATIC_ENDPOINT("StaticEndpoint");

    private final String kindName;

    DocumentKind(String kindName) {
        this.kindName = kindName;
    }

    public String kindName() {
        return kindName;
    }

    /** How problems name a document: {@code "ModelRoute default/deepseek-multi-models"}. */
    public String label(ResourceId id) {
        return kindName + " " + id;
    }
}
