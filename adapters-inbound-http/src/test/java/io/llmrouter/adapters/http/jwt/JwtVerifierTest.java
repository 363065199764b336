package io.llmrouter.adapters.http.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.llmrouter.domain.tenancy.TokenVerifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a JWT can fail, against keys this test generates and serves from a local JWKS endpoint.
 */
class JwtVerifierTest {

    private static final String ISSUER = "https://issuer.test";
    private static final RSAKey RSA = rsa("k1");
    private static final ECKey EC = ec("k-ec");
    /** A second key pair, published under several kids: RSA key generation is slow on small machines. */
    private static final RSAKey OTHER = rsa("other");

    private HttpServer jwks;
    private final AtomicReference<String> published = new AtomicReference<>(new JWKSet(List.of(RSA.toPublicJWK(),
            EC.toPublicJWK())).toString());
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicInteger failing = new AtomicInteger();
    private JwtVerifier verifier;

    @BeforeEach
    void serveJwks() throws Exception {
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            if (failing.get() > 0) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
    }

    @AfterEach
    void stop() {
        if (verifier != null) {
            verifier.close();
        }
        jwks.stop(0);
    }

    private JwtSettings settings(Duration minRefresh) {
        return new JwtSettings(ISSUER, List.of("llm-router"), URI.create("http://127.0.0.1:" + jwks.getAddress().getPort()
                + "/jwks"), Set.of("RS256", "ES256"), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMinutes(10),
                minRefresh, Optional.of("org"), Optional.of("tier"), Set.of("org"));
    }

    private JwtVerifier verifier() {
        verifier = new JwtVerifier(settings(Duration.ofMillis(100)));
        return verifier;
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience("llm-router").subject("alice")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("org", "acme")
                .claim("tier", "premium");
    }

    private static String rs256(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String refused(String token) {
        return assertInstanceOf(TokenVerifier.Refused.class, verifier.verify(token)).reason();
    }

    @Test
    void aValidTokenGivesTheSubAsUserAndTheConfiguredClaims() throws Exception {
        verifier();
        TokenVerifier.Verified ok = assertInstanceOf(TokenVerifier.Verified.class, verifier.verify(rs256(RSA,
                claims().build())));
        assertEquals("alice", ok.principal().user());
        assertEquals("acme", ok.principal().tenant());
        assertEquals(Optional.of("premium"), ok.principal().tier());
        assertEquals("acme", ok.principal().claims().get("org"));
        SignedJWT es = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k-ec").build(), claims().build());
        es.sign(new ECDSASigner(EC));
        assertInstanceOf(TokenVerifier.Verified.class, verifier.verify(es.serialize()));
    }

    @Test
    void signatureAlgorithmAndKeyFailuresAreRefused() throws Exception {
        verifier();
        assertTrue(refused(rs256(withKid(OTHER, "k1"), claims().build())).contains("signature"), "same kid, another key");
        assertEquals("unsigned tokens (alg none) are not accepted", refused(new PlainJWT(claims().build()).serialize()));
        // Key confusion: HS256 with the issuer's public key as the shared secret.
        SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims().build());
        confused.sign(new MACSigner(RSA.toPublicJWK().toRSAPublicKey().getEncoded()));
        assertTrue(refused(confused.serialize()).contains("not accepted"));
        SignedJWT rs512 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS512).keyID("k1").build(), claims().build());
        rs512.sign(new RSASSASigner(RSA));
        assertTrue(refused(rs512.serialize()).contains("not accepted"), "RS512 is not in the allow-list");
        assertEquals("the token is not a well-formed JWT", refused("a.b.c"));
    }

    @Test
    void claimFailuresAreRefused() {
        verifier();
        Instant now = Instant.now();
        assertTrue(refused(rs256(RSA, claims().issuer("https://evil.test").build())).contains("iss"));
        assertTrue(refused(rs256(RSA, claims().audience("someone-else").build())).toLowerCase().contains("aud"));
        assertTrue(refused(rs256(RSA, claims().expirationTime(Date.from(now.minusSeconds(120))).build()))
                .toLowerCase().contains("expired"));
        assertTrue(refused(rs256(RSA, claims().expirationTime(null).build())).contains("exp"));
        assertTrue(refused(rs256(RSA, claims().subject(null).build())).contains("sub"));
        assertTrue(refused(rs256(RSA, claims().notBeforeTime(Date.from(now.plusSeconds(120))).build()))
                .toLowerCase().contains("before"));
        assertEquals("the token's iat lies in the future",
                refused(rs256(RSA, claims().issueTime(Date.from(now.plusSeconds(120))).build())));
        // Within the 30 s skew, a token that just expired still passes.
        assertInstanceOf(TokenVerifier.Verified.class, verifier.verify(rs256(RSA,
                claims().expirationTime(Date.from(now.minusSeconds(5))).build())));
    }

    @Test
    void anUnknownKidRefreshesTheKeysButAtMostOncePerInterval() throws Exception {
        verifier = new JwtVerifier(settings(Duration.ofSeconds(30)));
        int before = fetches.get();
        RSAKey rotated = withKid(OTHER, "k2");
        published.set(new JWKSet(List.of(RSA.toPublicJWK(), rotated.toPublicJWK())).toString());
        // Fetched at startup less than 30 s ago: an unknown kid does not trigger another fetch yet.
        assertTrue(refused(rs256(rotated, claims().build())).contains("kid"));
        assertEquals(before, fetches.get());
        verifier.close();
        verifier = new JwtVerifier(settings(Duration.ofSeconds(1)));
        Thread.sleep(1100);
        RSAKey third = withKid(OTHER, "k3");
        published.set(new JWKSet(List.of(RSA.toPublicJWK(), third.toPublicJWK())).toString());
        assertInstanceOf(TokenVerifier.Verified.class, verifier.verify(rs256(third, claims().build())),
                "the rotated key was fetched on first sight");
        int after = fetches.get();
        for (int i = 0; i < 20; i++) {
            verifier.verify(rs256(withKid(OTHER, "forged-" + i), claims().build()));
        }
        assertEquals(0, fetches.get() - after, "forged kids cannot hammer the issuer: one fetch a second at most");
    }

    @Test
    void aJwksThatIsDownAtStartIsRetriedUntilItAnswers() throws Exception {
        failing.set(1);
        verifier();
        assertFalse(verifier.keysAvailable());
        assertTrue(refused(rs256(RSA, claims().build())).contains("no signing keys"));
        failing.set(0);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!verifier.keysAvailable() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(verifier.keysAvailable(), "fetched by the backoff loop, not in 7 days");
        assertInstanceOf(TokenVerifier.Verified.class, verifier.verify(rs256(RSA, claims().build())));
    }

    @Test
    void aVerifiedTokenIsRememberedButNeverPastItsExpiryOrAMinute() throws Exception {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis());
        JwtSettings fastRefresh = new JwtSettings(ISSUER, List.of("llm-router"), URI.create("http://127.0.0.1:"
                + jwks.getAddress().getPort() + "/jwks"), Set.of("RS256"), Duration.ofSeconds(30), Duration.ofSeconds(2),
                Duration.ofMillis(300), Duration.ofMillis(100), Optional.empty(), Optional.empty(), Set.of());
        verifier = new JwtVerifier(fastRefresh, System::nanoTime, clock::get);
        Instant now = Instant.ofEpochMilli(clock.get());
        String shortLived = rs256(RSA, claims().expirationTime(Date.from(now.plusSeconds(10))).build());
        String longLived = rs256(RSA, claims().expirationTime(Date.from(now.plusSeconds(3600))).build());
        assertInstanceOf(TokenVerifier.Verified.class, verifier.verify(shortLived));
        assertInstanceOf(TokenVerifier.Verified.class, verifier.verify(longLived));
        published.set(new JWKSet(List.of()).toString()); // the issuer withdraws its key ...
        int before = fetches.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (fetches.get() < before + 2 && System.nanoTime() < deadline) { // ... and the refresh has seen it
            Thread.sleep(10);
        }
        clock.addAndGet(5_000);
        assertInstanceOf(TokenVerifier.Verified.class, verifier.verify(shortLived),
                "remembered within its life: the withdrawn key is not even needed");
        clock.addAndGet(36_000); // 41 s: past exp + 30 s skew
        assertInstanceOf(TokenVerifier.Refused.class, verifier.verify(shortLived), "never remembered past exp + skew");
        assertInstanceOf(TokenVerifier.Verified.class, verifier.verify(longLived));
        clock.addAndGet(20_000); // 61 s: past the minute
        assertInstanceOf(TokenVerifier.Refused.class, verifier.verify(longLived), "checked again after a minute");
    }

    @Test
    void noAlgorithmOutsideTheAsymmetricSetCanBeConfigured() {
        for (String alg : List.of("none", "HS256")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new JwtSettings(ISSUER, List.of(), URI.create("http://127.0.0.1:1/jwks"), Set.of(alg),
                            Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(1),
                            Optional.empty(), Optional.empty(), Set.of()));
            assertTrue(e.getMessage().contains("refused on purpose"));
        }
    }

    private static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey withKid(RSAKey key, String kid) {
        return new RSAKey.Builder(key).keyID(kid).build();
    }

    private static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
