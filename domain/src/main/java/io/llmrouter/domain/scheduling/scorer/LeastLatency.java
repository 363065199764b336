package io.llmrouter.domain.scheduling.scorer;

import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.Scorer;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import java.util.List;

/**
 * Type {@code least-latency}: prefer pods whose recent time to first token and time per output
 * token are lowest.
 *
 * <p>Formula (Kthena's): over the pods with both latencies measured, {@code sTTFT = (maxT - t) /
 * (maxT - minT)} (1 when all are equal), the same for TPOT, {@code score = α·sTTFT + (1-α)·sTPOT}.
 * Pods without measurements get no opinion (the profile's neutral 0.5, as Kthena's 50).
 * Category: latency. Consumes: {@code PodMetrics.ttftSeconds}, {@code .tpotSeconds}.
 * Args: {@code TTFTTPOTWeightFactor} α in [0,1], default 0.5.
 * <pre>
 * scheduler:
 *   pluginConfig:
 *   - name: least-latency
 *     args: {TTFTTPOTWeightFactor: 0.5}
 * </pre>
 */
public final class LeastLatency implements Scorer {

    public static final String TYPE = "least-latency";

    /** @param ttftWeight α: the share of TTFT in the score, the rest is TPOT */
    public record Args(double ttftWeight) {
        public static final Args DEFAULT = new Args(0.5);

        public Args {
            if (!(ttftWeight >= 0 && ttftWeight <= 1)) {
                throw new IllegalArgumentException("TTFTTPOTWeightFactor must be in [0, 1], was " + ttftWeight);
            }
        }
    }

    private final Args args;

    public LeastLatency(Args args) {
        this.args = args;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public double[] score(SchedulingRequest request, List<Candidate> candidates) {
        Range ttft = new Range();
        Range tpot = new Range();
        for (Candidate c : candidates) {
            c.metrics().filter(PodMetrics::hasLatency).ifPresent(m -> {
                ttft.add(m.ttftSeconds());
                tpot.add(m.tpotSeconds());
            });
        }
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = candidates.get(i).metrics().filter(PodMetrics::hasLatency)
                    .map(m -> args.ttftWeight() * ttft.goodness(m.ttftSeconds())
                            + (1 - args.ttftWeight()) * tpot.goodness(m.tpotSeconds()))
                    .orElse(Double.NaN);
        }
        return scores;
    }

    private static final class Range {
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        void add(double v) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }

        /** 1 for the lowest latency, 0 for the highest. */
        double goodness(double v) {
            return max > min ? (max - v) / (max - min) : 1.0;
        }
    }
}
