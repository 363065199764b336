package io.llmrouter.sim.core;

import java.util.List;

/**
 * What one engine step computes: which requests, how many tokens each, and how long it takes.
 *
 * @param requests        scheduled requests, parallel to {@code tokens}
 * @param tokens          tokens scheduled per request
 * @param prefillTokens   new (uncached) prompt tokens in the step
 * @param decodeSeqs      requests decoding one token
 * @param decodeContext   sum of the decoding requests' context lengths
 * @param loraLoads       adapters loaded into a slot for this step
 * @param durationNanos   simulated step time
 */
public record StepPlan(List<SimRequest> requests, int[] tokens, int prefillTokens, int decodeSeqs,
                       long decodeContext, int loraLoads, long durationNanos) {

    public int totalTokens() {
        return prefillTokens + decodeSeqs;
    }
}
