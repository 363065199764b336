package io.llmrouter.domain.scheduling.framework;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.pod.Pod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Runs the filters in order, then the weighted scorers, and ranks the survivors: the best
 * {@code topN} pods, best first, which the forwarder tries in that order.
 *
 * <p>Clamping and weighting live here, once, so plugins only compute their own [0,1] score. Equal
 * totals are ordered randomly (Kthena sorts unstably), so ties spread load instead of piling onto
 * the first pod listed.
 */
public final class SchedulingProfile {

    /** Kthena's number of ranked candidates. */
    public static final int DEFAULT_TOP_N = 5;

    private final List<Filter> filters;
    private final List<WeightedScorer> scorers;
    private final int topN;

    public SchedulingProfile(List<Filter> filters, List<WeightedScorer> scorers, int topN) {
        this.filters = List.copyOf(requireNonNull(filters, "'filters' must not be null"));
        this.scorers = List.copyOf(requireNonNull(scorers, "'scorers' must not be null"));
        if (topN < 1) {
            throw new IllegalArgumentException("'topN' must be >= 1, was " + topN);
        }
        this.topN = topN;
    }

    public List<Filter> filters() {
        return filters;
    }

    public List<WeightedScorer> scorers() {
        return scorers;
    }

    public int topN() {
        return topN;
    }

    /** Ranked candidates; empty when no pod was given or a filter removed them all. */
    public List<Pod> rank(SchedulingRequest request, List<Pod> pods, RandomGenerator random) {
        List<Pod> survivors = runFilters(request, pods);
        if (survivors.isEmpty()) {
            return List.of();
        }
        double[] totals = runScorers(request, survivors);
        return topByScore(survivors, totals, random);
    }

    private List<Pod> runFilters(SchedulingRequest request, List<Pod> pods) {
        List<Pod> current = pods;
        for (Filter filter : filters) {
            current = filter.filter(request, current);
            if (current.isEmpty()) {
                break;
            }
        }
        return current;
    }

    private double[] runScorers(SchedulingRequest request, List<Pod> pods) {
        double[] totals = new double[pods.size()];
        for (WeightedScorer ws : scorers) {
            double[] scores = ws.scorer().score(request, pods);
            for (int i = 0; i < totals.length; i++) {
                totals[i] += ws.weight() * clamp(i < scores.length ? scores[i] : 0);
            }
        }
        return totals;
    }

    private List<Pod> topByScore(List<Pod> pods, double[] totals, RandomGenerator random) {
        Integer[] order = new Integer[pods.size()];
        long[] tieBreak = new long[pods.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            tieBreak[i] = random.nextLong();
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -totals[i]).thenComparingLong(i -> tieBreak[i]));
        List<Pod> ranked = new ArrayList<>(Math.min(topN, order.length));
        for (int i = 0; i < order.length && i < topN; i++) {
            ranked.add(pods.get(order[i]));
        }
        return ranked;
    }

    static double clamp(double score) {
        return score > 1 ? 1 : (score >= 0 ? score : 0);
    }
}
