package io.llmrouter.domain.scheduling.framework;

import io.llmrouter.domain.pod.Pod;
import java.util.List;

/**
 * Rates each candidate pod for a request. Returns one score per pod, aligned with {@code pods},
 * each in [0, 1] where 1 is best; the profile clamps values outside that range and treats NaN as 0.
 */
public interface Scorer {

    String type();

    double[] score(SchedulingRequest request, List<Pod> pods);
}
