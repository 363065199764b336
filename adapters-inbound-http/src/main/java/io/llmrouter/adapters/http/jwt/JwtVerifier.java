package io.llmrouter.adapters.http.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.llmrouter.domain.tenancy.TokenVerifier;
import io.llmrouter.domain.tenancy.Principal;
import java.text.ParseException;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Kthena's JWT checks, with nimbus-jose-jwt (Helidon's JWT provider is not published for 4.5):
 * the signature by a key of the issuer's JWKS under an allowed asymmetric algorithm ({@code none}
 * and HMAC are never accepted, so a public key cannot be replayed as a shared secret); {@code iss}
 * equal to the issuer; {@code aud} overlapping the audiences when some are configured; {@code exp}
 * required and in the future, {@code nbf} passed, {@code iat} not in the future, each with the
 * configured skew; {@code sub} required (it is the user id).
 *
 * <p>A client sends the same token with each request until it expires, and an RS256 check costs
 * tens of microseconds: a verified token is remembered (bounded, {@value #CACHED_TOKENS} tokens) until
 * its {@code exp} plus the skew, and at most {@link #CACHE_FOR}, so a key the issuer withdraws stops
 * working within that time.
 */
public final class JwtVerifier implements TokenVerifier, AutoCloseable {

    static final int CACHED_TOKENS = 4096;
    static final java.time.Duration CACHE_FOR = java.time.Duration.ofSeconds(60);

    private final JwtSettings settings;
    private final JwksKeys keys;
    private final java.util.concurrent.ConcurrentHashMap<String, Remembered> verified =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final LongSupplier millis;

    /** A verified token's principal, good until {@code untilMillis}. */
    private record Remembered(Principal principal, long untilMillis) {
    }
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public JwtVerifier(JwtSettings settings) {
        this(settings, System::nanoTime);
    }

    JwtVerifier(JwtSettings settings, LongSupplier nanos) {
        this(settings, nanos, System::currentTimeMillis);
    }

    JwtVerifier(JwtSettings settings, LongSupplier nanos, LongSupplier millis) {
        this.settings = settings;
        this.millis = millis;
        this.keys = new JwksKeys(settings, nanos);
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        settings.algorithms().forEach(a -> algorithms.add(JWSAlgorithm.parse(a)));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                settings.audiences().isEmpty() ? null : new HashSet<>(settings.audiences()),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("exp", "sub", "iss"), null) {
            @Override
            protected Date currentTime() {
                return new Date(millis.getAsLong()); // one clock for the checks and the cache
            }
        };
        claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, settings.clockSkew().toSeconds()));
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** Whether the JWKS has been fetched (for readiness detail). */
    public boolean keysAvailable() {
        return keys.available();
    }

    @Override
    public Verdict verify(String token) {
        long now = millis.getAsLong();
        Remembered known = verified.get(token);
        if (known != null) {
            if (now < known.untilMillis()) {
                return new Verified(known.principal());
            }
            verified.remove(token, known);
        }
        long[] expires = new long[1];
        Verdict verdict = check(token, now, expires);
        if (verdict instanceof Verified ok) {
            remember(token, ok.principal(), now, expires[0]);
        }
        return verdict;
    }

    private void remember(String token, Principal principal, long now, long expiresMillis) {
        if (verified.size() >= CACHED_TOKENS) {
            verified.clear(); // simple and bounded: the next requests verify once more
        }
        long until = Math.min(expiresMillis + settings.clockSkew().toMillis(), now + CACHE_FOR.toMillis());
        verified.put(token, new Remembered(principal, until));
    }

    /** The verdict; {@code expires[0]} gets the token's {@code exp} (epoch ms) when it is verified. */
    private Verdict check(String token, long now, long[] expires) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            return new Refused("the token is not a well-formed JWT");
        } catch (BadJOSEException e) {
            return new Refused(reason(e));
        } catch (JOSEException e) {
            return new Refused("the token's signature could not be checked: " + e.getMessage());
        }
        expires[0] = claims.getExpirationTime().getTime(); // required, so present once verified
        Date issuedAt = claims.getIssueTime();
        if (issuedAt != null && issuedAt.getTime() > now + settings.clockSkew().toMillis()) {
            return new Refused("the token's iat lies in the future");
        }
        return new Verified(principal(claims));
    }

    /** nimbus's words where they are clear and safe (they never quote the token), else a plain one. */
    private static String reason(BadJOSEException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof BadJWTException) {
            return message.isEmpty() ? "the token's claims were refused" : message;
        }
        if (message.contains("plain") || message.contains("Unsecured")) {
            return "unsigned tokens (alg none) are not accepted";
        }
        if (message.contains("no matching key") || message.contains("Another algorithm expected")) {
            return "the token's algorithm is not accepted or no key of the issuer matches its kid";
        }
        if (message.contains("Invalid signature")) {
            return "invalid signature";
        }
        return message.isEmpty() ? "the token was refused" : message;
    }

    private Principal principal(JWTClaimsSet claims) {
        String sub = claims.getSubject();
        String tenant = settings.tenantClaim().map(c -> stringClaim(claims, c)).flatMap(Optional::ofNullable).orElse(sub);
        Optional<String> tier = settings.tierClaim().map(c -> stringClaim(claims, c));
        Map<String, String> kept = new HashMap<>();
        for (String name : settings.keptClaims()) {
            String value = stringClaim(claims, name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        return new Principal(tenant, sub, tier, Optional.empty(), Principal.Method.JWT, kept);
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String || value instanceof Number || value instanceof Boolean ? value.toString() : null;
    }

    @Override
    public void close() {
        keys.close();
    }
}
