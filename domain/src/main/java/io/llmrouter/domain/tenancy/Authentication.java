package io.llmrouter.domain.tenancy;

import java.util.Optional;

/** The verdict on one request's credential. */
public sealed interface Authentication {

    /** {@code credentialHeader}: the header that carried the credential (stripped before forwarding), if any. */
    record Allowed(Principal principal, Optional<String> credentialHeader) implements Authentication {
    }

    /**
     * Refused with a message for the client (never the credential itself); {@code invalidToken} when
     * a credential was presented and rejected, as opposed to none presented (RFC 6750's
     * {@code error="invalid_token"}).
     */
    record Denied(String message, boolean invalidToken) implements Authentication {
    }
}
