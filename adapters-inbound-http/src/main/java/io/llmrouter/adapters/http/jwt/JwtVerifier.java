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
 */
public final class JwtVerifier implements TokenVerifier, AutoCloseable {

    private final JwtSettings settings;
    private final JwksKeys keys;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public JwtVerifier(JwtSettings settings) {
        this(settings, System::nanoTime);
    }

    JwtVerifier(JwtSettings settings, LongSupplier nanos) {
        this.settings = settings;
        this.keys = new JwksKeys(settings, nanos);
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        settings.algorithms().forEach(a -> algorithms.add(JWSAlgorithm.parse(a)));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                settings.audiences().isEmpty() ? null : new HashSet<>(settings.audiences()),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("exp", "sub", "iss"), null);
        claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, settings.clockSkew().toSeconds()));
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** Whether the JWKS has been fetched (for readiness detail). */
    public boolean keysAvailable() {
        return keys.available();
    }

    @Override
    public Verdict verify(String token) {
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
        Date issuedAt = claims.getIssueTime();
        if (issuedAt != null && issuedAt.getTime() > System.currentTimeMillis() + settings.clockSkew().toMillis()) {
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
