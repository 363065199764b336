package io.llmrouter.sim.core;

/**
 * Hooks through which metrics follow the engine core. Called on the engine thread under the
 * engine lock, with times in simulated nanoseconds; implementations only update counters.
 */
public interface EngineObserver {

    default void requestQueued(SimRequest request) {
    }

    /** A prefix-cache lookup: {@code queriedTokens} looked up, {@code hitTokens} found (block-aligned). */
    default void prefixLookup(SimRequest request, int queriedTokens, int hitTokens) {
    }

    /** A decode-role request's prompt KV arrived from a prefill instance ({@code tokens} of it). */
    default void externalPrefixLoaded(SimRequest request, int queriedTokens, int tokens) {
    }

    default void stepFinished(StepPlan step) {
    }

    /** A token was sampled; {@code gapNanos} is the time since the request's previous token, or -1 for the first. */
    default void tokenEmitted(SimRequest request, long gapNanos) {
    }

    default void requestFinished(SimRequest request, FinishReason reason) {
    }

    default void requestPreempted(SimRequest request) {
    }
}
