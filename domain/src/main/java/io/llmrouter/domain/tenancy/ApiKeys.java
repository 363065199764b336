package io.llmrouter.domain.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API keys the router accepts, looked up by the SHA-256 of what the caller presented: the
 * lookup compares digests, so no plaintext key is ever held and the time taken says nothing about
 * how much of a key matched. Immutable; a reload builds a new table.
 */
public final class ApiKeys {

    public static final ApiKeys NONE = new ApiKeys(List.of());

    private final Map<String, ApiKey> byHash;

    public ApiKeys(List<ApiKey> keys) {
        Map<String, ApiKey> map = new HashMap<>();
        for (ApiKey key : keys) {
            ApiKey earlier = map.putIfAbsent(key.sha256(), key);
            if (earlier != null) {
                throw new IllegalArgumentException("the same API key hash is listed for tenant '" + earlier.tenant()
                        + "' and for tenant '" + key.tenant() + "'");
            }
        }
        this.byHash = Map.copyOf(map);
    }

    public Optional<ApiKey> lookup(String presented) {
        return Optional.ofNullable(byHash.get(sha256Hex(presented)));
    }

    public int size() {
        return byHash.size();
    }

    public boolean isEmpty() {
        return byHash.isEmpty();
    }

    /** The tenants these keys name: the only tenant values metrics may carry as labels. */
    public java.util.Set<String> tenants() {
        java.util.Set<String> tenants = new java.util.TreeSet<>();
        byHash.values().forEach(k -> tenants.add(k.tenant()));
        return tenants;
    }

    /** Lower-case hex of SHA-256 over the key's UTF-8 bytes: how keys are written in the config. */
    public static String sha256Hex(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
