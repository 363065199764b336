package io.llmrouter.adapters.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The admin listener's gate: with a token configured, every request must carry
 * {@code Authorization: Bearer <token>}, else 401 in the OpenAI envelope. Without a token the filter
 * lets everything through; bootstrap only allows that when the listener is bound to loopback.
 *
 * <p>Both sides are hashed with SHA-256 before {@link MessageDigest#isEqual} so the comparison takes
 * the same time whatever the presented token's length or first differing byte.
 */
public final class AdminAuth implements Filter {

    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> expected;

    private AdminAuth(Optional<byte[]> expected) {
        this.expected = expected;
    }

    public static AdminAuth open() {
        return new AdminAuth(Optional.empty());
    }

    public static AdminAuth bearer(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("'token' must not be blank");
        }
        return new AdminAuth(Optional.of(sha256(token)));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (expected.isEmpty() || authorized(req.headers().first(HeaderNames.AUTHORIZATION))) {
            chain.proceed();
            return;
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"llm-router-admin\"");
        OpenAiErrors.send(res, 401, "invalid_request_error", "unauthorized",
                "The admin API needs 'Authorization: Bearer <token>' with the token from listeners.admin.token.",
                Optional.empty());
    }

    private boolean authorized(Optional<String> header) {
        if (header.isEmpty() || !header.get().regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(expected.get(), sha256(header.get().substring(BEARER.length()).trim()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
