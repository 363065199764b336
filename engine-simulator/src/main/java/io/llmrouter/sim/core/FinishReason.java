package io.llmrouter.sim.core;

/** Why a request left the engine; {@link #wireName()} is what the APIs and metrics print. */
public enum FinishReason {
    STOP("stop"), LENGTH("length"), ABORT("abort");

    private final String wireName;

    FinishReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
