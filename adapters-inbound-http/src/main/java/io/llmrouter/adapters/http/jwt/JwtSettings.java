package io.llmrouter.adapters.http.jwt;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How bearer JWTs are checked: Kthena's {@code auth: {issuer, audiences, jwksUri}} plus what Kthena
 * leaves fixed. {@code algorithms}: the signature algorithms accepted (asymmetric only: a JWKS
 * publishes public keys, and accepting HMAC would let a public key be used as a shared secret);
 * {@code clockSkew}: tolerance on {@code exp}, {@code nbf} and {@code iat}; the JWKS is fetched
 * within {@code fetchTimeout}, again every {@code refreshInterval}, on an unknown {@code kid} at
 * most once per {@code minRefreshInterval}, and with backoff from {@code minRefreshInterval} up to
 * {@code refreshInterval} while it cannot be fetched. {@code tenantClaim}: the claim naming the
 * tenant (else the tenant is the {@code sub}); {@code tierClaim}: the claim naming the tier;
 * {@code keptClaims}: claims copied into request headers.
 */
public record JwtSettings(String issuer, List<String> audiences, URI jwksUri, Set<String> algorithms, Duration clockSkew,
                          Duration fetchTimeout, Duration refreshInterval, Duration minRefreshInterval,
                          Optional<String> tenantClaim, Optional<String> tierClaim, Set<String> keptClaims) {

    /** The asymmetric JWS algorithms nimbus verifies with the JDK alone. */
    public static final Set<String> SUPPORTED = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512");
    public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "PS256", "ES256");

    public JwtSettings {
        requireNonNull(issuer, "'issuer' must not be null");
        audiences = List.copyOf(audiences);
        requireNonNull(jwksUri, "'jwksUri' must not be null");
        algorithms = Set.copyOf(algorithms);
        for (String alg : algorithms) {
            if (!SUPPORTED.contains(alg)) {
                throw new IllegalArgumentException("auth.algorithms: " + alg + " is not accepted; use any of "
                        + new java.util.TreeSet<>(SUPPORTED) + " (none and HMAC are refused on purpose)");
            }
        }
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("auth.algorithms must name at least one algorithm");
        }
        requireNonNull(clockSkew, "'clockSkew' must not be null");
        requireNonNull(fetchTimeout, "'fetchTimeout' must not be null");
        requireNonNull(refreshInterval, "'refreshInterval' must not be null");
        requireNonNull(minRefreshInterval, "'minRefreshInterval' must not be null");
        requireNonNull(tenantClaim, "'tenantClaim' must not be null");
        requireNonNull(tierClaim, "'tierClaim' must not be null");
        keptClaims = Set.copyOf(keptClaims);
    }
}
