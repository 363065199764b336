package io.llmrouter.domain.scheduling.scorer;

import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.Scorer;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import java.util.List;

/**
 * Type {@code gpu-usage}: prefer pods with free KV-cache room, where a new request is least likely
 * to queue or preempt others.
 *
 * <p>Formula: {@code score = 1 - kvCacheUsage}; NaN (no opinion) when the pod's KV usage is unknown.
 * Category: load balancing. Consumes: {@code PodMetrics.kvCacheUsage}. No args.
 * <pre>
 * scheduler:
 *   plugins:
 *     Score:
 *       enabled: [{name: gpu-usage, weight: 1}]
 * </pre>
 */
public final class GpuUsage implements Scorer {

    public static final String TYPE = "gpu-usage";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public double[] score(SchedulingRequest request, List<Candidate> candidates) {
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = candidates.get(i).metrics()
                    .filter(m -> m.hasKvCacheUsage())
                    .map(m -> 1.0 - m.kvCacheUsage())
                    .orElse(Double.NaN);
        }
        return scores;
    }
}
