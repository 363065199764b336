package io.llmrouter.domain.tenancy;


/**
 * Checks a bearer token that is not an API key (a JWT): signature, issuer, audience, validity
 * window. Implemented by an adapter; the domain only needs the verdict.
 */
public interface TokenVerifier {

    Verdict verify(String token);

    sealed interface Verdict {
    }

    record Verified(Principal principal) implements Verdict {
    }

    /** {@code reason} is for the client and the log: it never contains the token. */
    record Refused(String reason) implements Verdict {
    }
}
