package io.llmrouter.domain.tenancy;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.route.HeaderLookup;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides who a request comes from. Without authentication configured, every request is
 * {@link Principal#ANONYMOUS}. Otherwise a credential is required: a presented token is first
 * looked up as an API key (one hash, no network), and only a token shaped like a JWT goes to the
 * verifier; a token that is neither is refused without saying which check failed.
 */
public final class Authenticator {

    public static final Authenticator OFF = new Authenticator(false, () -> ApiKeys.NONE, Optional.empty());

    private final boolean required;
    private final Supplier<ApiKeys> keys;
    private final Optional<TokenVerifier> jwt;

    /**
     * @param required whether a credential is required (API keys or a JWT issuer configured; an
     *                 API-key file that is empty right now still requires one)
     * @param keys     the keys in force now (a reloaded file swaps them)
     */
    public Authenticator(boolean required, Supplier<ApiKeys> keys, Optional<TokenVerifier> jwt) {
        this.required = required;
        this.keys = requireNonNull(keys, "'keys' must not be null");
        this.jwt = requireNonNull(jwt, "'jwt' must not be null");
    }

    public boolean enabled() {
        return required;
    }

    public ApiKeys keys() {
        return keys.get();
    }

    public Authentication authenticate(HeaderLookup headers) {
        if (!enabled()) {
            return new Authentication.Allowed(Principal.ANONYMOUS, Optional.empty());
        }
        return switch (PresentedCredential.from(headers)) {
            case PresentedCredential.Missing missing -> new Authentication.Denied(
                    "This router requires an API key or a bearer token: send 'Authorization: Bearer <key>' or "
                            + "'x-api-key: <key>'.", false);
            case PresentedCredential.Malformed malformed -> new Authentication.Denied(
                    "Authorization header missing or invalid: " + malformed.problem() + ".", true);
            case PresentedCredential.Token token -> check(token);
        };
    }

    private Authentication check(PresentedCredential.Token token) {
        ApiKeys current = keys.get();
        Optional<ApiKey> key = current.lookup(token.value());
        if (key.isPresent()) {
            return new Authentication.Allowed(key.get().principal(), Optional.of(token.header()));
        }
        if (jwt.isPresent() && token.looksLikeJwt()) {
            return switch (jwt.get().verify(token.value())) {
                case TokenVerifier.Verified verified ->
                        new Authentication.Allowed(verified.principal(), Optional.of(token.header()));
                case TokenVerifier.Refused refused -> new Authentication.Denied("Unauthorized: " + refused.reason(), true);
            };
        }
        return new Authentication.Denied(current.isEmpty() && jwt.isPresent() ? "Unauthorized: the bearer token is not a JWT."
                : "Incorrect API key provided.", true);
    }
}
