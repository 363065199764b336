package io.llmrouter.adapters.http;

import io.llmrouter.domain.inference.IdentityHeaders;

/**
 * Limits and switches of the inference listener. {@code decisionHeader}: when true, a request that
 * carries {@value #DEBUG_REQUEST_HEADER} gets the scheduling decision in a response header (an
 * operator switch: it reveals pod names). {@code identity}: the caller's identity as request headers,
 * and whether the credential is forwarded.
 */
public record InboundSettings(long maxBodyBytes, boolean decisionHeader, IdentityHeaders identity) {

    public static final String DEBUG_REQUEST_HEADER = "x-llm-router-debug";

    /** Large enough for 128k-token prompts and a few inline images; a router must not buffer unbounded bodies. */
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    public InboundSettings {
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("'maxBodyBytes' must be 1.." + (Integer.MAX_VALUE - 8) + ", was " + maxBodyBytes);
        }
        java.util.Objects.requireNonNull(identity, "'identity' must not be null");
    }

    /** No identity headers: what callers without authentication use. */
    public InboundSettings(long maxBodyBytes, boolean decisionHeader) {
        this(maxBodyBytes, decisionHeader, IdentityHeaders.NONE);
    }
}
