package io.llmrouter.bootstrap.config;

import io.helidon.config.Config;
import io.llmrouter.adapters.http.jwt.JwtSettings;
import io.llmrouter.adapters.redis.RedisSettings;
import io.llmrouter.application.ratelimit.FailurePolicy;
import io.llmrouter.domain.ratelimit.Limit;
import io.llmrouter.domain.ratelimit.LimitSet;
import io.llmrouter.domain.ratelimit.TenantLimits;
import io.llmrouter.domain.route.RateLimitSpec;
import io.llmrouter.domain.tenancy.ApiKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code auth} and {@code rateLimits}:
 *
 * <pre>
 * auth:
 *   issuer: https://issuer.example.com        # Kthena's block, verbatim; JWT is on when jwksUri is set
 *   audiences: [llm-router]
 *   jwksUri: https://issuer.example.com/.well-known/jwks.json
 *   algorithms: [RS256, PS256, ES256]           # asymmetric only
 *   clockSkew: 60s
 *   jwksFetchTimeout: 5s
 *   jwksRefreshInterval: 10m
 *   jwksMinRefreshInterval: 30s                 # unknown kid refresh cap; first backoff step
 *   tenantClaim: org                            # else the tenant is the sub
 *   tierClaim: tier
 *   apiKeys:
 *     keys: [{tenant: acme, sha256: 64 hex, tier: premium, models: [m1]}]   # bin/router hash-key
 *     file: /etc/llm-router/keys/api-keys.yaml  # the same entries; reloaded when it changes
 *   headers: {x-tenant-id: tenant, x-user-tier: tier, x-org: claim:org}   # tenant|user|tier|claim:NAME
 *   forwardCredentials: false
 * rateLimits:
 *   defaultOutputReservation: 256               # output tokens reserved without max_tokens
 *   tenants:
 *     default: {inputTokensPerUnit: 100000, outputTokensPerUnit: 20000, requestsPerUnit: 600, unit: minute}
 *     tiers: {premium: {...}}
 *     overrides: {acme: {...}}
 *   redis:
 *     address: redis:6379                       # tenant limits shared here; absent: per replica
 *     username: ..., password: ..., tls: false, timeout: 500ms, connectTimeout: 2s
 *     failurePolicy: failOpen                   # failOpen | failClosed
 *     replicas: 1                               # failOpen: each replica limits to 1/replicas
 *     retryInterval: 1s
 * </pre>
 */
final class TenancyConfigReader {

    static final Set<String> AUTH = Set.of("issuer", "audiences", "jwksUri", "algorithms", "clockSkew",
            "jwksFetchTimeout", "jwksRefreshInterval", "jwksMinRefreshInterval", "tenantClaim", "tierClaim", "apiKeys",
            "headers", "forwardCredentials");
    private static final Set<String> API_KEYS = Set.of("keys", "file");
    static final Set<String> API_KEY = Set.of("tenant", "sha256", "tier", "models");
    private static final Set<String> RATE_LIMITS = Set.of("defaultOutputReservation", "tenants", "redis");
    private static final Set<String> TENANTS = Set.of("default", "tiers", "overrides");
    private static final Set<String> LIMIT = Set.of("inputTokensPerUnit", "outputTokensPerUnit", "requestsPerUnit", "unit");
    private static final Set<String> REDIS = Set.of("address", "username", "password", "tls", "timeout",
            "connectTimeout", "failurePolicy", "replicas", "retryInterval");

    private TenancyConfigReader() {
    }

    static AuthConfig auth(Config node, Optional<Path> baseDir) {
        if (!node.exists()) {
            return AuthConfig.OFF;
        }
        Keys.only(node, "auth", AUTH);
        Optional<JwtSettings> jwt = jwt(node);
        Config keysNode = node.get("apiKeys");
        Keys.only(keysNode, "auth.apiKeys", API_KEYS);
        List<ApiKey> keys = new ArrayList<>();
        List<Config> entries = keysNode.get("keys").asNodeList().orElse(List.of());
        for (int i = 0; i < entries.size(); i++) {
            keys.add(apiKey(entries.get(i), "auth.apiKeys.keys[" + i + "]"));
        }
        Optional<Path> file = keysNode.get("file").asString().asOptional().map(String::trim)
                .map(f -> baseDir.map(d -> d.resolve(f).normalize()).orElse(Path.of(f)));
        if (file.isPresent() && !Files.isRegularFile(file.get())) {
            throw new ConfigException("auth.apiKeys.file " + file.get() + " does not exist or is not a file");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Config headerNode = node.get("headers");
        for (Config h : headerNode.asNodeList().orElse(List.of())) {
            headers.put(h.name(), Keys.scalar(h, "auth.headers." + h.name(), "tenant, user, tier or claim:<name>")
                    .orElse("").trim());
        }
        try {
            new io.llmrouter.domain.inference.IdentityHeaders(headers, false);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("auth.headers: " + e.getMessage());
        }
        return new AuthConfig(jwt, keys, file, headers, Keys.bool(node.get("forwardCredentials"),
                "auth.forwardCredentials", false));
    }

    /** One API key entry, from the config or the keys file. */
    static ApiKey apiKey(Config entry, String at) {
        Keys.only(entry, at, API_KEY);
        String tenant = Keys.scalar(entry.get("tenant"), at + ".tenant", "a tenant name").orElseThrow(
                () -> new ConfigException(at + ".tenant is required"));
        String sha = Keys.scalar(entry.get("sha256"), at + ".sha256", "64 lower-case hex digits").orElseThrow(
                () -> new ConfigException(at + ".sha256 is required (bin/router hash-key prints it)")).trim();
        Optional<String> tier = Keys.scalar(entry.get("tier"), at + ".tier", "a tier name").map(String::trim);
        Optional<Set<String>> models = entry.get("models").exists()
                ? Optional.of(new HashSet<>(entry.get("models").asList(String.class).orElse(List.of())))
                : Optional.empty();
        try {
            return new ApiKey(tenant.trim(), sha, tier, models);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + ": " + e.getMessage());
        }
    }

    private static Optional<JwtSettings> jwt(Config node) {
        Optional<String> jwksUri = Keys.scalar(node.get("jwksUri"), "auth.jwksUri", "a URL").map(String::trim)
                .filter(s -> !s.isEmpty());
        if (jwksUri.isEmpty()) {
            return Optional.empty(); // Kthena: JWT authentication is on iff jwksUri is set
        }
        String issuer = Keys.scalar(node.get("issuer"), "auth.issuer", "the issuer URL").map(String::trim)
                .filter(s -> !s.isEmpty()).orElseThrow(() -> new ConfigException(
                        "auth.issuer is required with auth.jwksUri: every token's iss must equal it"));
        URI uri;
        try {
            uri = URI.create(jwksUri.get());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("auth.jwksUri is not a URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            throw new ConfigException("auth.jwksUri must be an http(s) URL, was '" + jwksUri.get() + "'");
        }
        List<String> audiences = stringList(node.get("audiences"));
        Set<String> algorithms = node.get("algorithms").exists() ? new HashSet<>(stringList(node.get("algorithms")))
                : JwtSettings.DEFAULT_ALGORITHMS;
        Set<String> kept = new HashSet<>();
        node.get("headers").asNodeList().orElse(List.of()).forEach(h -> h.asString().asOptional()
                .filter(v -> v.trim().startsWith("claim:")).ifPresent(v -> kept.add(v.trim().substring(6))));
        try {
            return Optional.of(new JwtSettings(issuer, audiences, uri, algorithms,
                    RouterConfigLoader.duration(node.get("clockSkew"), "auth.clockSkew", "60s", Duration.ZERO),
                    RouterConfigLoader.duration(node.get("jwksFetchTimeout"), "auth.jwksFetchTimeout", "5s"),
                    RouterConfigLoader.duration(node.get("jwksRefreshInterval"), "auth.jwksRefreshInterval", "10m"),
                    RouterConfigLoader.duration(node.get("jwksMinRefreshInterval"), "auth.jwksMinRefreshInterval", "30s"),
                    node.get("tenantClaim").asString().asOptional().map(String::trim),
                    node.get("tierClaim").asString().asOptional().map(String::trim), kept));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static List<String> stringList(Config node) {
        if (!node.exists()) {
            return List.of();
        }
        if (node.type() == Config.Type.VALUE) {
            return List.of(node.asString().get().trim()); // a single audience written as a string
        }
        return node.asList(String.class).orElse(List.of()).stream().map(String::trim).toList();
    }

    static RateLimitsConfig rateLimits(Config node) {
        if (!node.exists()) {
            return RateLimitsConfig.DEFAULT;
        }
        Keys.only(node, "rateLimits", RATE_LIMITS);
        RateLimitsConfig d = RateLimitsConfig.DEFAULT;
        int reservation = Keys.integer(node.get("defaultOutputReservation"), "rateLimits.defaultOutputReservation",
                (int) d.defaultOutputReservation());
        if (reservation < 0) {
            throw new ConfigException("rateLimits.defaultOutputReservation must be >= 0, was " + reservation);
        }
        Config tenants = node.get("tenants");
        Keys.only(tenants, "rateLimits.tenants", TENANTS);
        LimitSet defaults = tenants.get("default").exists() ? limitSet(tenants.get("default"), "rateLimits.tenants.default")
                : LimitSet.NONE;
        TenantLimits limits = new TenantLimits(defaults, named(tenants.get("tiers"), "rateLimits.tenants.tiers"),
                named(tenants.get("overrides"), "rateLimits.tenants.overrides"));
        Config redis = node.get("redis");
        Keys.only(redis, "rateLimits.redis", REDIS);
        String policyName = Keys.scalar(redis.get("failurePolicy"), "rateLimits.redis.failurePolicy",
                "failOpen or failClosed").orElse(d.failurePolicy().configName()).trim();
        FailurePolicy policy = FailurePolicy.named(policyName).orElseThrow(() -> new ConfigException(
                "rateLimits.redis.failurePolicy must be failOpen or failClosed, was '" + policyName + "'"));
        int replicas = Keys.integer(redis.get("replicas"), "rateLimits.redis.replicas", d.replicas());
        if (replicas < 1) {
            throw new ConfigException("rateLimits.redis.replicas must be >= 1, was " + replicas);
        }
        RedisSettings settings = new RedisSettings(
                redis.get("username").asString().asOptional().map(String::trim),
                redis.get("password").asString().asOptional(),
                Keys.bool(redis.get("tls"), "rateLimits.redis.tls", false),
                RouterConfigLoader.duration(redis.get("timeout"), "rateLimits.redis.timeout", "500ms"),
                RouterConfigLoader.duration(redis.get("connectTimeout"), "rateLimits.redis.connectTimeout", "2s"),
                RedisSettings.DEFAULT.connections());
        Optional<String> address = Keys.scalar(redis.get("address"), "rateLimits.redis.address", "host:port")
                .map(String::trim).filter(s -> !s.isEmpty());
        return new RateLimitsConfig(limits, reservation, address, settings, policy, replicas,
                RouterConfigLoader.duration(redis.get("retryInterval"), "rateLimits.redis.retryInterval", "1s"));
    }

    private static Map<String, LimitSet> named(Config node, String at) {
        Map<String, LimitSet> sets = new LinkedHashMap<>();
        for (Config child : node.asNodeList().orElse(List.of())) {
            sets.put(child.name(), limitSet(child, at + "." + child.name()));
        }
        return sets;
    }

    private static LimitSet limitSet(Config node, String at) {
        Keys.only(node, at, LIMIT);
        String unitName = Keys.scalar(node.get("unit"), at + ".unit", "second, minute, hour, day or month")
                .orElse("second").trim();
        RateLimitSpec.Unit unit = RateLimitSpec.Unit.fromCrd(unitName).orElseThrow(() -> new ConfigException(
                at + ".unit must be second, minute, hour, day or month, was '" + unitName + "'"));
        return new LimitSet(limit(node.get("inputTokensPerUnit"), at + ".inputTokensPerUnit", unit),
                limit(node.get("outputTokensPerUnit"), at + ".outputTokensPerUnit", unit),
                limit(node.get("requestsPerUnit"), at + ".requestsPerUnit", unit));
    }

    private static Optional<Limit> limit(Config node, String at, RateLimitSpec.Unit unit) {
        if (!node.exists()) {
            return Optional.empty();
        }
        int n = Keys.integer(node, at, 0);
        if (n < 1) {
            throw new ConfigException(at + " must be at least 1, was " + n);
        }
        return Optional.of(new Limit(n, unit.length()));
    }
}
