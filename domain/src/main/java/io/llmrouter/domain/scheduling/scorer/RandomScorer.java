package io.llmrouter.domain.scheduling.scorer;

import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.Scorer;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Type {@code random}: a uniform random score per pod, so traffic spreads evenly with no state.
 *
 * <p>Formula: {@code score = U[0,1)}. Category: distribution. Consumes no pod metrics. No args.
 * <pre>
 * scheduler:
 *   plugins:
 *     Score:
 *       enabled: [{name: random, weight: 1}]
 * </pre>
 */
public final class RandomScorer implements Scorer {

    public static final String TYPE = "random";

    private final RandomGenerator random;

    public RandomScorer(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public double[] score(SchedulingRequest request, List<Candidate> candidates) {
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextDouble();
        }
        return scores;
    }
}
