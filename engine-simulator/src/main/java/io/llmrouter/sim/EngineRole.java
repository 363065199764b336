package io.llmrouter.sim;

/**
 * Role in prefill/decode disaggregation. {@code BOTH} is an ordinary engine; {@code PREFILL}
 * computes the prompt and returns after one token with the KV hand-off parameters; {@code DECODE}
 * takes a prompt whose KV was transferred and only decodes.
 */
public enum EngineRole {
    BOTH, PREFILL, DECODE
}
