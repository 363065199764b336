package io.llmrouter.adapters.http;

/** Limits of the inference listener. */
public record InboundSettings(long maxBodyBytes) {

    /** Large enough for 128k-token prompts and a few inline images; a router must not buffer unbounded bodies. */
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    public InboundSettings {
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("'maxBodyBytes' must be 1.." + (Integer.MAX_VALUE - 8) + ", was " + maxBodyBytes);
        }
    }
}
