package io.llmrouter.domain.scheduling.scorer;

import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.Scorer;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import java.util.List;

/**
 * Type {@code least-request} (score): prefer pods with the fewest requests, weighing queued ones
 * heavily, because a queued request costs the next one its whole wait.
 *
 * <p>Formula (Kthena's, with the engine's own queue added): {@code queued = max(waiting,
 * inFlight - running, 0)} when the pod's metrics are known, else 0; {@code base = inFlight +
 * 100·queued}; {@code score = (maxBase - base) / maxBase}, or 1 for every pod when all bases are 0.
 * Category: load balancing. Consumes: {@code PodMetrics.running}, {@code .waiting}, and the router's
 * in-flight count (always known, so this scorer never steps aside). No args.
 * <pre>
 * scheduler:
 *   plugins:
 *     Score:
 *       enabled: [{name: least-request, weight: 1}]
 * </pre>
 */
public final class LeastRequest implements Scorer {

    public static final String TYPE = "least-request";
    static final int QUEUE_PENALTY = 100;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public double[] score(SchedulingRequest request, List<Candidate> candidates) {
        long[] base = new long[candidates.size()];
        long max = 0;
        for (int i = 0; i < base.length; i++) {
            Candidate c = candidates.get(i);
            base[i] = c.inFlight() + (long) QUEUE_PENALTY * queued(c);
            max = Math.max(max, base[i]);
        }
        double[] scores = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            scores[i] = max == 0 ? 1.0 : (double) (max - base[i]) / max;
        }
        return scores;
    }

    static long queued(Candidate c) {
        if (c.metrics().isEmpty()) {
            return 0;
        }
        PodMetrics m = c.metrics().get();
        long waiting = Math.max(0, m.waiting());
        long unscheduled = m.running() < 0 ? 0 : c.inFlight() - m.running();
        return Math.max(0, Math.max(waiting, unscheduled));
    }
}
