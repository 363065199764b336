package io.llmrouter.domain.ratelimit;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.tenancy.Principal;
import java.util.Map;

/**
 * Per-tenant limits from the router config: one for a named tenant wins over its tier's, which
 * wins over the default. Each tenant has its own buckets; a tier is a limit shape, not a shared
 * budget.
 */
public record TenantLimits(LimitSet defaults, Map<String, LimitSet> tiers, Map<String, LimitSet> tenants) {

    public static final TenantLimits NONE = new TenantLimits(LimitSet.NONE, Map.of(), Map.of());

    public TenantLimits {
        requireNonNull(defaults, "'defaults' must not be null");
        tiers = Map.copyOf(tiers);
        tenants = Map.copyOf(tenants);
    }

    public LimitSet of(Principal principal) {
        LimitSet own = tenants.get(principal.tenant());
        if (own != null) {
            return own;
        }
        if (principal.tier().isPresent() && tiers.containsKey(principal.tier().get())) {
            return tiers.get(principal.tier().get());
        }
        return defaults;
    }

    public boolean isEmpty() {
        return defaults.isEmpty() && tiers.values().stream().allMatch(LimitSet::isEmpty)
                && tenants.values().stream().allMatch(LimitSet::isEmpty);
    }
}
