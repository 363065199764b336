package io.llmrouter.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.application.ratelimit.FailurePolicy;
import io.llmrouter.domain.tenancy.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The auth and rateLimits sections of the router config. */
class TenancyConfigTest {

    private static RouterConfig load(String yaml) throws IOException {
        Path file = Files.createTempFile("router", ".yaml");
        Files.writeString(file, yaml);
        return RouterConfigLoader.load(file);
    }

    @Test
    void withoutTheSectionsNothingIsRequiredOrLimited() {
        RouterConfig defaults = RouterConfigLoader.defaults();
        assertFalse(defaults.tenancy().auth().required());
        assertTrue(defaults.tenancy().rateLimits().tenants().isEmpty());
        assertEquals(FailurePolicy.FAIL_OPEN, defaults.tenancy().rateLimits().failurePolicy());
    }

    @Test
    void kthenasAuthBlockIsAcceptedVerbatim() throws IOException {
        AuthConfig auth = load("""
                auth:
                  issuer: "https://issuer.example.com"
                  audiences: ["kthena-router"]
                  jwksUri: "https://issuer.example.com/.well-known/jwks.json"
                """).tenancy().auth();
        assertTrue(auth.required());
        assertEquals("https://issuer.example.com", auth.jwt().orElseThrow().issuer());
        assertEquals(List.of("kthena-router"), auth.jwt().orElseThrow().audiences());
        assertEquals(Duration.ofSeconds(60), auth.jwt().orElseThrow().clockSkew());
        // Kthena: JWT is on iff jwksUri is set.
        assertFalse(load("auth: {issuer: x, jwksUri: \"\"}\n").tenancy().auth().required());
        assertTrue(load("auth: {issuer: x, audiences: one, jwksUri: \"http://127.0.0.1:1/j\"}\n").tenancy().auth().jwt()
                .orElseThrow().audiences().contains("one"), "a single audience as a string");
    }

    @Test
    void everyProblemIsNamedWithItsKey() {
        assertTrue(message("auth: {jwksUri: \"https://i/j\"}\n").contains("auth.issuer is required"));
        assertTrue(message("auth: {issuer: i, jwksUri: \"https://i/j\", algorithms: [HS256]}\n")
                .contains("refused on purpose"));
        assertTrue(message("auth: {issuer: i, jwksUri: \"file:///etc/jwks\"}\n").contains("http(s) URL"));
        assertTrue(message("auth: {isuer: i}\n").contains("auth"));
        assertTrue(message("auth: {apiKeys: {keys: [{tenant: a, sha256: abc}]}}\n")
                .contains("auth.apiKeys.keys[0]: sha256 of tenant 'a' must be 64 lower-case hex digits"));
        assertTrue(message("auth: {apiKeys: {keys: [{sha256: " + ApiKeys.sha256Hex("k") + "}]}}\n")
                .contains("auth.apiKeys.keys[0].tenant is required"));
        assertTrue(message("auth: {apiKeys: {file: /nope/keys.yaml}}\n").contains("does not exist"));
        assertTrue(message("auth: {headers: {x-tier: level}}\n").contains("tenant, user, tier or claim:<name>"));
        assertTrue(message("rateLimits: {tenants: {default: {requestsPerUnit: 5, unit: week}}}\n")
                .contains("rateLimits.tenants.default.unit must be second, minute, hour, day or month"));
        assertTrue(message("rateLimits: {tenants: {default: {requestsPerUnit: 0}}}\n").contains("at least 1"));
        assertTrue(message("rateLimits: {redis: {failurePolicy: maybe}}\n").contains("failOpen or failClosed"));
        assertTrue(message("rateLimits: {redis: {replicas: 0}}\n").contains("replicas must be >= 1"));
    }

    @Test
    void tenantLimitsAndRedisAreRead() throws IOException {
        String hash = ApiKeys.sha256Hex("sk-1");
        RouterConfig c = load("""
                auth:
                  apiKeys: {keys: [{tenant: acme, sha256: %s, tier: gold, models: [a, b]}]}
                rateLimits:
                  defaultOutputReservation: 64
                  tenants:
                    default: {inputTokensPerUnit: 1000, unit: minute}
                    tiers: {gold: {outputTokensPerUnit: 50, unit: hour}}
                    overrides: {acme: {requestsPerUnit: 9}}
                  redis: {address: "127.0.0.1:6380", password: s3cret, failurePolicy: failClosed, replicas: 3}
                """.formatted(hash));
        assertEquals(Optional.of(java.util.Set.of("a", "b")), c.tenancy().auth().apiKeys().get(0).models());
        RateLimitsConfig r = c.tenancy().rateLimits();
        assertEquals(64, r.defaultOutputReservation());
        assertEquals(1000, r.tenants().defaults().inputTokens().orElseThrow().perUnit());
        assertEquals(Duration.ofHours(1), r.tenants().tiers().get("gold").outputTokens().orElseThrow().unit());
        assertEquals(Duration.ofSeconds(1), r.tenants().tenants().get("acme").requests().orElseThrow().unit());
        assertEquals(Optional.of("127.0.0.1:6380"), r.redisAddress());
        assertEquals(FailurePolicy.FAIL_CLOSED, r.failurePolicy());
        assertEquals(3, r.replicas());
        String dump = EffectiveConfig.of(c, c.scheduler()).toString();
        assertFalse(dump.contains("s3cret"), dump);
        assertFalse(dump.contains(hash), "key hashes stay out of the debug dump");
        assertTrue(dump.contains("acme"));
    }

    /** Regression: --host rebuilt the config through an old constructor and dropped limits, shutdown and tenancy. */
    @Test
    void movingTheListenersKeepsEveryOtherSection() throws IOException {
        RouterConfig c = load("""
                limits: {maxConcurrentRequests: 7}
                shutdown: {drainTimeout: 3s}
                rateLimits: {defaultOutputReservation: 5}
                """);
        RouterConfig moved = c.withHost("127.0.0.1");
        assertEquals(7, moved.limits().maxConcurrentRequests());
        assertEquals(Duration.ofSeconds(3), moved.shutdown().drainTimeout());
        assertEquals(5, moved.tenancy().rateLimits().defaultOutputReservation());
        assertEquals("127.0.0.1", moved.inference().host());
    }

    private static String message(String yaml) {
        return String.join("\n", assertThrows(ConfigException.class, () -> load(yaml)).problems());
    }
}
