package io.llmrouter.domain.route;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import java.util.List;
import java.util.Optional;

/**
 * A ModelRoute document ({@code networking.serving.volcano.sh/v1alpha1}): which requests, by model
 * or LoRA name, go through which ordered rules to which ModelServers.
 */
public record ModelRoute(ObjectMeta meta, String modelName, List<String> loraAdapters, List<ParentRef> parentRefs,
                         List<RouteRule> rules, Optional<RateLimitSpec> rateLimit) {

    public static final int MAX_RULES = 16;
    public static final int MAX_LORA_ADAPTERS = 10;

    public ModelRoute {
        requireNonNull(meta, "'meta' must not be null");
        modelName = modelName == null ? "" : modelName;
        loraAdapters = List.copyOf(requireNonNull(loraAdapters, "'loraAdapters' must not be null"));
        parentRefs = List.copyOf(requireNonNull(parentRefs, "'parentRefs' must not be null"));
        rules = List.copyOf(requireNonNull(rules, "'rules' must not be null"));
        requireNonNull(rateLimit, "'rateLimit' must not be null");
    }

    public ResourceId id() {
        return meta.id();
    }

    /**
     * Kthena binds a route with parentRefs to those Gateways only. This router has no Gateway API
     * mode yet, so such a route never matches (validation says so), exactly as in Kthena's default mode.
     */
    public boolean boundToGateway() {
        return !parentRefs.isEmpty();
    }
}
