package io.llmrouter.domain.pd;

/** The two legs of a disaggregated request. */
public enum PdRole {
    PREFILL, DECODE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
