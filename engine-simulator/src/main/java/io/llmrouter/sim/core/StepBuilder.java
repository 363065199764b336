package io.llmrouter.sim.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Accumulates one step's batch while the scheduler fills its token budget. */
final class StepBuilder {

    private final List<SimRequest> requests = new ArrayList<>();
    private int[] tokens = new int[16];
    private int budget;
    private int prefillTokens;
    private int decodeSeqs;
    private long decodeContext;
    private int loraLoads;

    StepBuilder(int budget) {
        this.budget = budget;
    }

    int budget() {
        return budget;
    }

    boolean isEmpty() {
        return requests.isEmpty();
    }

    /** A request with all its prompt computed and one token to go is decoding; anything else is prefill. */
    void add(SimRequest request, int scheduled, int loraLoad) {
        if (tokens.length == requests.size()) {
            tokens = Arrays.copyOf(tokens, tokens.length * 2);
        }
        tokens[requests.size()] = scheduled;
        requests.add(request);
        budget -= scheduled;
        loraLoads += loraLoad;
        if (scheduled == 1 && request.computed >= request.promptTokens()) {
            decodeSeqs++;
            decodeContext += request.length;
        } else {
            prefillTokens += scheduled;
        }
    }

    StepPlan build(StepTimeModel timing) {
        long nanos = timing.stepNanos(prefillTokens, decodeSeqs, decodeContext, loraLoads);
        return new StepPlan(List.copyOf(requests), Arrays.copyOf(tokens, requests.size()), prefillTokens,
            decodeSeqs, decodeContext, loraLoads, nanos);
    }
}
