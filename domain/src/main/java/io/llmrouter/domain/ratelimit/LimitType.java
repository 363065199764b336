package io.llmrouter.domain.ratelimit;

/** What a bucket counts; {@code label} is Kthena's {@code limit_type} metric label. */
public enum LimitType {
    INPUT_TOKENS("input_tokens", "input"),
    OUTPUT_TOKENS("output_tokens", "output"),
    REQUESTS("requests", "requests");

    private final String label;
    private final String keySuffix;

    LimitType(String label, String keySuffix) {
        this.label = label;
        this.keySuffix = keySuffix;
    }

    public String label() {
        return label;
    }

    /** The last part of a shared bucket's key, as Kthena writes it: {@code ...:input}, {@code ...:output}. */
    public String keySuffix() {
        return keySuffix;
    }
}
