package io.llmrouter.domain.scheduling.framework;

import java.util.List;

/**
 * Rates each candidate for a request: one score per candidate, aligned with {@code candidates},
 * in [0, 1] where 1 is best. Values outside the range are clamped by the profile. {@code NaN} means
 * "no opinion" (the pod's metrics are unknown): the pod then gets the neutral 0.5 from this scorer,
 * and a scorer with no opinion on any pod has stepped aside for this decision.
 */
public interface Scorer {

    String type();

    double[] score(SchedulingRequest request, List<Candidate> candidates);
}
