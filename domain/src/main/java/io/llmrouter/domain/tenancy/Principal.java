package io.llmrouter.domain.tenancy;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: the tenant that pays (an API key's tenant, or a JWT's tenant claim), the user
 * within it (a JWT's {@code sub}; an API key's tenant otherwise), the tier that routing and limits
 * may key on, the models the credential may use ({@code models} empty: every model), and a JWT's
 * string-valued claims that the config copies into headers ({@code claims}; empty for API keys).
 * {@link #ANONYMOUS} when authentication is off: every caller is then one anonymous tenant.
 */
public record Principal(String tenant, String user, Optional<String> tier, Optional<Set<String>> models,
                        Method method, Map<String, String> claims) {

    /** The single caller of a router without authentication. */
    public static final Principal ANONYMOUS = new Principal("anonymous", "anonymous", Optional.empty(),
            Optional.empty(), Method.NONE, Map.of());

    /** How the caller proved who it is. */
    public enum Method { NONE, API_KEY, JWT }

    public Principal {
        requireNonNull(tenant, "'tenant' must not be null");
        requireNonNull(user, "'user' must not be null");
        requireNonNull(tier, "'tier' must not be null");
        models = requireNonNull(models, "'models' must not be null").map(Set::copyOf);
        requireNonNull(method, "'method' must not be null");
        claims = Map.copyOf(claims);
    }

    public Principal(String tenant, String user, Optional<String> tier, Optional<Set<String>> models, Method method) {
        this(tenant, user, tier, models, method, Map.of());
    }

    public boolean authenticated() {
        return method != Method.NONE;
    }

    /** Whether the credential's allow-list (if it has one) names {@code model}. */
    public boolean mayUse(String model) {
        return models.isEmpty() || models.get().contains(model);
    }
}
