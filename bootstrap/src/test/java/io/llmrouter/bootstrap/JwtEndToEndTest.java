package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.API;
import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.llmrouter.bootstrap.config.RouterConfigLoader;
import io.llmrouter.bootstrap.config.TenancyConfig;
import io.llmrouter.sim.SimulatedEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kthena's {@code auth} block, verbatim, plus a tier claim copied into a header: the blog's
 * premium/default ModelRoute then routes by who the token says the caller is, and a client cannot
 * claim the tier by sending the header itself.
 */
class JwtEndToEndTest {

    private final RouterHarness harness = new RouterHarness();
    private HttpServer jwks;

    @AfterEach
    void stop() {
        harness.close();
        if (jwks != null) {
            jwks.stop(0);
        }
    }

    @Test
    void theTiersClaimRoutesPremiumUsersAndTheHeaderCannotBeSpoofed() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] published = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            exchange.sendResponseHeaders(200, published.length);
            exchange.getResponseBody().write(published);
            exchange.close();
        });
        jwks.start();
        Path config = Files.createTempFile("router", ".yaml");
        Files.writeString(config, """
                auth:
                  issuer: https://issuer.test
                  audiences: [llm-router]
                  jwksUri: http://127.0.0.1:%d/.well-known/jwks.json
                  tierClaim: tier
                  headers: {user-type: tier}
                """.formatted(jwks.getAddress().getPort()));
        TenancyConfig tenancy = RouterConfigLoader.load(config).tenancy();
        SimulatedEngine big = harness.engine("model-7b");
        SimulatedEngine small = harness.engine("model-1.5b");
        harness.start("---\n" + API + """
                kind: ModelRoute
                metadata: {name: multi}
                spec:
                  modelName: m
                  rules:
                  - name: premium
                    modelMatch: {headers: {user-type: {exact: premium}}}
                    targetModels: [{modelServerName: big}]
                  - name: default
                    targetModels: [{modelServerName: small}]
                """ + server("big", "model-7b", "") + endpoint("e1", "big", big.port())
                + server("small", "model-1.5b", "") + endpoint("e2", "small", small.port()), c -> c.withTenancy(tenancy));
        String body = "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":2}";
        HttpResponse<String> premium = harness.post("/v1/completions", body, "Authorization", "Bearer "
                + token(key, "alice", "premium"));
        assertEquals(200, premium.statusCode(), premium.body());
        assertTrue(premium.body().contains("model-7b"), premium.body());
        HttpResponse<String> spoofed = harness.post("/v1/completions", body, "Authorization", "Bearer "
                + token(key, "bob", "free"), "user-type", "premium");
        assertEquals(200, spoofed.statusCode());
        assertTrue(spoofed.body().contains("model-1.5b"), "bob's own user-type header is dropped: " + spoofed.body());
        HttpResponse<String> expired = harness.post("/v1/completions", body, "Authorization", "Bearer "
                + token(key, "carol", "premium", Instant.now().minusSeconds(3600)));
        assertEquals(401, expired.statusCode());
        assertTrue(expired.body().contains("Expired JWT"), expired.body());
        assertTrue(expired.headers().firstValue("www-authenticate").orElseThrow().contains("invalid_token"));
    }

    private static String token(RSAKey key, String sub, String tier) throws Exception {
        return token(key, sub, tier, Instant.now().plusSeconds(300));
    }

    private static String token(RSAKey key, String sub, String tier, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer("https://issuer.test").audience("llm-router").subject(sub)
                        .claim("tier", tier).expirationTime(Date.from(expires)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
