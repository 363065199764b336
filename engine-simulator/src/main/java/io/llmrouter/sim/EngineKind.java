package io.llmrouter.sim;

/** Which real engine's HTTP API and {@code /metrics} format a simulated instance speaks. */
public enum EngineKind {
    VLLM, SGLANG, TGI
}
