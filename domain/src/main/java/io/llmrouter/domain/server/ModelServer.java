package io.llmrouter.domain.server;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import java.util.Optional;

/**
 * A ModelServer document: the pods of one engine deployment, how to reach them, and the model name
 * to send them ({@code model} overrides the request's, except for LoRA matches).
 */
public record ModelServer(ObjectMeta meta, Optional<String> model, InferenceEngine engine, WorkloadSelector selector,
                          WorkloadPort workloadPort, TrafficPolicy trafficPolicy, Optional<KvConnectorType> kvConnector) {

    public static final int MAX_MODEL_LENGTH = 256;

    public ModelServer {
        requireNonNull(meta, "'meta' must not be null");
        requireNonNull(model, "'model' must not be null");
        requireNonNull(engine, "'engine' must not be null");
        requireNonNull(selector, "'selector' must not be null");
        requireNonNull(workloadPort, "'workloadPort' must not be null");
        requireNonNull(trafficPolicy, "'trafficPolicy' must not be null");
        requireNonNull(kvConnector, "'kvConnector' must not be null");
    }

    public ResourceId id() {
        return meta.id();
    }
}
