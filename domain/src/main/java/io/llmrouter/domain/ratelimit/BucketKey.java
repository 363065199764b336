package io.llmrouter.domain.ratelimit;

import static java.util.Objects.requireNonNull;

/**
 * A bucket's identity. {@code name} is the key's stem; a shared (Redis) bucket lives under
 * {@link #sharedKey()}, which for a ModelRoute with a {@code modelName} is exactly Kthena's
 * {@code kthena:ratelimit:{model}:{input|output}}, so routers of both kinds share one budget.
 */
public record BucketKey(String name, LimitType type) {

    private static final String KTHENA_PREFIX = "kthena:ratelimit:";
    private static final String OWN_PREFIX = "llm-router:ratelimit:";

    public BucketKey {
        requireNonNull(name, "'name' must not be null");
        requireNonNull(type, "'type' must not be null");
    }

    /** A route limit shared with Kthena: keyed by the route's {@code modelName}, as Kthena keys it. */
    public static BucketKey kthenaModel(String modelName, LimitType type) {
        return new BucketKey(KTHENA_PREFIX + modelName, type);
    }

    /**
     * A route limit of this router only: per route (a LoRA-only route, which Kthena never limits, or
     * any route's local bucket, so routes sharing a modelName do not share a local budget).
     */
    public static BucketKey route(String namespace, String routeName, LimitType type) {
        return new BucketKey(OWN_PREFIX + "route:" + namespace + "/" + routeName, type);
    }

    public static BucketKey tenant(String tenant, LimitType type) {
        return new BucketKey(OWN_PREFIX + "tenant:" + tenant, type);
    }

    public String sharedKey() {
        return name + ":" + type.keySuffix();
    }
}
