package io.llmrouter.domain.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.inference.Header;
import io.llmrouter.domain.inference.IdentityHeaders;
import io.llmrouter.domain.route.HeaderLookup;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private static final String KEY = "sk-acme-0123456789";
    private static final ApiKey ACME = new ApiKey("acme", ApiKeys.sha256Hex(KEY), Optional.of("premium"),
            Optional.of(Set.of("deepseek-r1")));
    private final AtomicReference<ApiKeys> keys = new AtomicReference<>(new ApiKeys(List.of(ACME)));
    private final Authenticator apiKeysOnly = new Authenticator(true, keys::get, Optional.empty());

    private static HeaderLookup headers(String... nameValue) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.put(nameValue[i], nameValue[i + 1]);
        }
        return HeaderLookup.of(map);
    }

    @Test
    void theKeyIsKeptOnlyAsItsSha256() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ApiKeys.sha256Hex(""));
        assertFalse(ACME.toString().contains(KEY));
    }

    @Test
    void aKeyIsReadFromBearerWithAnyCaseOfTheSchemeOrFromXApiKey() {
        for (HeaderLookup h : List.of(headers("Authorization", "Bearer " + KEY), headers("authorization", "bEaReR " + KEY),
                headers("x-api-key", KEY))) {
            Authentication.Allowed allowed = assertInstanceOf(Authentication.Allowed.class, apiKeysOnly.authenticate(h));
            assertEquals("acme", allowed.principal().tenant());
            assertEquals(Optional.of("premium"), allowed.principal().tier());
            assertEquals(Principal.Method.API_KEY, allowed.principal().method());
        }
    }

    @Test
    void missingMalformedAndWrongCredentialsAreRefusedWithoutEchoingThem() {
        Authentication.Denied missing = assertInstanceOf(Authentication.Denied.class, apiKeysOnly.authenticate(headers()));
        assertFalse(missing.invalidToken());
        for (String value : List.of("Basic " + KEY, "Bearer", "Bearer a b", KEY)) {
            Authentication.Denied d = assertInstanceOf(Authentication.Denied.class,
                    apiKeysOnly.authenticate(headers("Authorization", value)));
            assertTrue(d.invalidToken());
            assertFalse(d.message().contains(KEY), d.message());
        }
        Authentication.Denied wrong = assertInstanceOf(Authentication.Denied.class,
                apiKeysOnly.authenticate(headers("Authorization", "Bearer sk-wrong")));
        assertEquals("Incorrect API key provided.", wrong.message());
    }

    @Test
    void aRevokedKeyIsRefusedOnceTheKeysInForceNoLongerHoldIt() {
        assertInstanceOf(Authentication.Allowed.class, apiKeysOnly.authenticate(headers("x-api-key", KEY)));
        keys.set(ApiKeys.NONE);
        assertInstanceOf(Authentication.Denied.class, apiKeysOnly.authenticate(headers("x-api-key", KEY)));
    }

    @Test
    void onlyJwtShapedTokensReachTheVerifierAndItsVerdictIsKept() {
        List<String> seen = new ArrayList<>();
        TokenVerifier verifier = token -> {
            seen.add(token);
            return token.startsWith("good") ? new TokenVerifier.Verified(new Principal("org", "alice", Optional.empty(),
                    Optional.empty(), Principal.Method.JWT)) : new TokenVerifier.Refused("Expired JWT");
        };
        Authenticator both = new Authenticator(true, keys::get, Optional.of(verifier));
        assertInstanceOf(Authentication.Allowed.class, both.authenticate(headers("x-api-key", KEY)));
        Authentication.Allowed jwt = assertInstanceOf(Authentication.Allowed.class,
                both.authenticate(headers("Authorization", "Bearer good.payload.sig")));
        assertEquals("alice", jwt.principal().user());
        Authentication.Denied expired = assertInstanceOf(Authentication.Denied.class,
                both.authenticate(headers("Authorization", "Bearer bad.payload.sig")));
        assertEquals("Unauthorized: Expired JWT", expired.message());
        assertInstanceOf(Authentication.Denied.class, both.authenticate(headers("Authorization", "Bearer opaque")));
        assertEquals(List.of("good.payload.sig", "bad.payload.sig"), seen, "API keys and opaque tokens never reach it");
    }

    @Test
    void withoutAuthenticationEveryCallerIsAnonymous() {
        Authentication.Allowed a = assertInstanceOf(Authentication.Allowed.class,
                Authenticator.OFF.authenticate(headers("Authorization", "Bearer whatever")));
        assertEquals(Principal.ANONYMOUS, a.principal());
        assertTrue(a.credentialHeader().isEmpty(), "nothing is stripped when the router does not authenticate");
    }

    @Test
    void anAllowListLimitsTheModels() {
        Principal acme = ACME.principal();
        assertTrue(acme.mayUse("deepseek-r1"));
        assertFalse(acme.mayUse("deepseek-r1-7b"));
        assertTrue(Principal.ANONYMOUS.mayUse("anything"));
    }

    /**
     * Whatever the client sends, the forwarded headers never carry its credential (unless allowed)
     * nor its own value of an identity header, and carry the principal's identity once.
     */
    @Test
    void identityHeadersCannotBeSpoofedAndTheCredentialNeverLeaves() {
        IdentityHeaders identity = new IdentityHeaders(Map.of("X-User-Tier", "tier", "x-tenant-id", "tenant"), false);
        Gen<String> names = Gen.of("authorization", "Authorization", "x-api-key", "X-User-Tier", "x-tenant-id",
                "content-type", "x-request-id", "X-TENANT-ID");
        Gen<List<Header>> received = Gen.combine(names, Gen.strings("abcXYZ-_ ", 0, 8), Header::new).list(0, 8);
        Gen<String> credential = Gen.of("authorization", "x-api-key");
        Property.check("no spoofing, no leak", 400, Gen.combine(received, credential, (h, c) -> Map.entry(h, c)), input -> {
            List<Header> out = identity.apply(input.getKey(), ACME.principal(), Optional.of(input.getValue()));
            long tiers = out.stream().filter(h -> h.is("x-user-tier")).count();
            long tenants = out.stream().filter(h -> h.is("x-tenant-id")).count();
            if (tiers != 1 || tenants != 1) {
                throw new AssertionError("identity headers " + out);
            }
            for (Header h : out) {
                if (h.is("x-user-tier") && !h.value().equals("premium") || h.is("x-tenant-id") && !h.value().equals("acme")) {
                    throw new AssertionError("spoofed " + h);
                }
                if (h.name().toLowerCase(Locale.ROOT).equals(input.getValue())) {
                    throw new AssertionError("credential forwarded: " + out);
                }
            }
        });
    }
}
