package io.llmrouter.domain.tenancy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * One API key as the router keeps it: never the key itself, only the SHA-256 of its UTF-8 bytes
 * (lower-case hex), with the tenant it belongs to, an optional tier and an optional allow-list of
 * models.
 */
public record ApiKey(String tenant, String sha256, Optional<String> tier, Optional<Set<String>> models) {

    public ApiKey {
        requireNonNull(tenant, "'tenant' must not be null");
        if (tenant.isBlank()) {
            throw new IllegalArgumentException("an API key's tenant must not be blank");
        }
        requireNonNull(sha256, "'sha256' must not be null");
        if (!isSha256Hex(sha256)) {
            throw new IllegalArgumentException("sha256 of tenant '" + tenant + "' must be 64 lower-case hex digits"
                    + " (bin/router hash-key prints it), was " + sha256.length() + " characters");
        }
        requireNonNull(tier, "'tier' must not be null");
        models = requireNonNull(models, "'models' must not be null").map(Set::copyOf);
    }

    public Principal principal() {
        return new Principal(tenant, tenant, tier, models, Principal.Method.API_KEY);
    }

    static boolean isSha256Hex(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
