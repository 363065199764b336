package io.llmrouter.domain.scheduling.framework;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.resource.ResourceId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Runs the filters in order, then the weighted scorers, and ranks the survivors: the best
 * {@code topN} candidates, best first, which the forwarder tries in that order.
 *
 * <p>Clamping, weighting, degradation and timing live here, once, so plugins only compute their
 * own score:
 * <ul>
 *   <li>a score outside [0,1] is clamped; {@code NaN} (no opinion) counts as the neutral 0.5;</li>
 *   <li>a plugin that throws is skipped (filter) or treated as having no opinion (scorer), and the
 *       trace says so: a plugin bug never fails a request;</li>
 *   <li>when every scorer stepped aside (no metrics anywhere), candidates are ordered by this
 *       router's in-flight count, and when those are equal, randomly;</li>
 *   <li>equal totals are ordered randomly (Kthena sorts unstably), so ties spread load instead of
 *       piling onto the first pod listed;</li>
 *   <li>a pod whose metrics endpoint refused the connection is ranked after every other, whatever
 *       its score: it has no metrics, so load-based scorers see it as idle, and it is most likely
 *       down. It stays in the ranking, so it is still tried when nothing better is left;</li>
 *   <li>pods that passive health checking ejected are removed before the filters run, unless every
 *       candidate is ejected: then all of them stay (Envoy's panic mode: a guess at a failing pod
 *       beats a certain 502), and the trace says so either way.</li>
 * </ul>
 */
public final class SchedulingProfile {

    /** Kthena's number of ranked candidates. */
    public static final int DEFAULT_TOP_N = 5;
    public static final String FALLBACK_IN_FLIGHT = "in-flight";
    public static final String FALLBACK_RANDOM = "random";
    /** The trace's name for ranking ejected pods because nothing else was left. */
    public static final String FALLBACK_PANIC = "panic";
    /** The trace's name for the removal of ejected pods (passive health checking). */
    public static final String OUTLIER_DETECTION = "outlier-detection";
    private static final System.Logger LOG = System.getLogger(SchedulingProfile.class.getName());

    private final List<Filter> filters;
    private final List<WeightedScorer> scorers;
    private final int topN;
    private final Ticker ticker;
    /** Found once here: dispatch is told on every attempt, so it must not search the plugins each time. */
    private final List<DispatchListener> dispatchListeners;
    private final List<PodRemovedListener> removalListeners;

    public SchedulingProfile(List<Filter> filters, List<WeightedScorer> scorers, int topN, Ticker ticker) {
        this.filters = List.copyOf(requireNonNull(filters, "'filters' must not be null"));
        this.scorers = List.copyOf(requireNonNull(scorers, "'scorers' must not be null"));
        if (topN < 1) {
            throw new IllegalArgumentException("'topN' must be >= 1, was " + topN);
        }
        this.topN = topN;
        this.ticker = requireNonNull(ticker, "'ticker' must not be null");
        this.dispatchListeners = pluginsOfType(DispatchListener.class);
        this.removalListeners = pluginsOfType(PodRemovedListener.class);
    }

    public SchedulingProfile(List<Filter> filters, List<WeightedScorer> scorers, int topN) {
        this(filters, scorers, topN, Ticker.disabled());
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

    public Decision rank(SchedulingRequest request, List<Candidate> candidates, RandomGenerator random) {
        long start = ticker.nanos();
        TraceBuilder trace = new TraceBuilder(request, candidates);
        List<Candidate> survivors = runFilters(request, withoutEjected(candidates, trace), trace);
        if (survivors.isEmpty()) {
            return new Decision(List.of(), trace.build(List.of(), List.of(), ticker.nanos() - start));
        }
        double[] totals = runScorers(request, survivors, trace);
        List<Candidate> ranked = topByScore(survivors, totals, random);
        long unreachable = survivors.stream().filter(Candidate::unreachable).count();
        if (unreachable > 0) {
            trace.filterNote(unreachable + " unreachable ranked last");
        }
        return new Decision(ranked, trace.build(survivors, totals, ranked, ticker.nanos() - start));
    }

    /**
     * The request is being sent to {@code pod}: plugins that learn from placement (prefix index) are
     * told; the result takes it all back if the request never reaches the pod. A listener that throws
     * is skipped, like any plugin.
     */
    public Retraction dispatched(SchedulingRequest request, Pod pod) {
        if (dispatchListeners.isEmpty()) {
            return Retraction.NONE;
        }
        List<Retraction> retractions = new ArrayList<>(dispatchListeners.size());
        for (DispatchListener listener : dispatchListeners) {
            try {
                retractions.add(listener.dispatched(request, pod));
            } catch (RuntimeException e) {
                pluginFailed(listener, "dispatched", e);
            }
        }
        return () -> {
            for (Retraction r : retractions) {
                try {
                    r.retract();
                } catch (RuntimeException e) {
                    pluginFailed(r, "retract", e);
                }
            }
        };
    }

    /** A pod left the datastore: plugins drop what they kept about it. One that throws does not stop the others. */
    public void removed(ResourceId pod) {
        for (PodRemovedListener listener : removalListeners) {
            try {
                listener.removed(pod);
            } catch (RuntimeException e) {
                pluginFailed(listener, "removed", e);
            }
        }
    }

    /** Plugin failures outside a ranking have no trace to go to; they go to the log, once each. */
    private static void pluginFailed(Object plugin, String call, RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "scheduler plugin " + plugin.getClass().getName() + " failed in " + call
                + "; skipped", e);
    }

    private <T> List<T> pluginsOfType(Class<T> type) {
        List<T> found = new ArrayList<>();
        filters.stream().filter(type::isInstance).map(type::cast).forEach(found::add);
        scorers.stream().map(WeightedScorer::scorer).filter(type::isInstance).map(type::cast).forEach(found::add);
        return List.copyOf(found);
    }

    /** Drops ejected pods, unless that would drop every one (panic: they are all still ranked). */
    private static List<Candidate> withoutEjected(List<Candidate> candidates, TraceBuilder trace) {
        List<String> ejected = candidates.stream().filter(Candidate::ejected).map(Candidate::name).toList();
        if (ejected.isEmpty()) {
            return candidates;
        }
        if (ejected.size() == candidates.size()) {
            trace.fallback(FALLBACK_PANIC + ": all " + ejected.size() + " pods ejected " + ejected + ", ranked anyway");
            return candidates;
        }
        trace.filterNote(OUTLIER_DETECTION + " removed " + ejected.size() + " ejected " + ejected);
        return candidates.stream().filter(c -> !c.ejected()).toList();
    }

    private List<Candidate> runFilters(SchedulingRequest request, List<Candidate> candidates, TraceBuilder trace) {
        List<Candidate> current = candidates;
        for (Filter filter : filters) {
            List<Candidate> next;
            try {
                next = filter.filter(request, current);
            } catch (RuntimeException e) {
                trace.fallback(filter.type() + " failed (" + e.getClass().getSimpleName() + "), skipped");
                continue;
            }
            if (next.size() != current.size()) {
                trace.filterNote(filter.type() + " removed " + (current.size() - next.size()));
            }
            current = next;
            if (current.isEmpty()) {
                trace.fallback("all pods filtered out by " + filter.type());
                break;
            }
        }
        return current;
    }

    private double[] runScorers(SchedulingRequest request, List<Candidate> candidates, TraceBuilder trace) {
        double[] totals = new double[candidates.size()];
        boolean anyOpinion = false;
        for (WeightedScorer ws : scorers) {
            long start = ticker.nanos();
            double[] scores = safeScore(ws.scorer(), request, candidates, trace);
            boolean opinion = hasOpinion(scores);
            trace.scorer(ws, scores, !opinion, ticker.nanos() - start);
            if (opinion && ws.weight() > 0) {
                anyOpinion = true;
                for (int i = 0; i < totals.length; i++) {
                    totals[i] += ws.weight() * clamp(scores[i]);
                }
            }
        }
        if (!anyOpinion) {
            fallBackToInFlight(candidates, totals, trace);
        }
        return totals;
    }

    private static double[] safeScore(Scorer scorer, SchedulingRequest request, List<Candidate> candidates,
                                      TraceBuilder trace) {
        try {
            double[] scores = scorer.score(request, candidates);
            return scores.length == candidates.size() ? scores : nanScores(candidates.size());
        } catch (RuntimeException e) {
            trace.fallback(scorer.type() + " failed (" + e.getClass().getSimpleName() + "), ignored");
            return nanScores(candidates.size());
        }
    }

    /** Nothing known about the engines: prefer the pods this router has sent the least to. */
    private static void fallBackToInFlight(List<Candidate> candidates, double[] totals, TraceBuilder trace) {
        int max = candidates.stream().mapToInt(Candidate::inFlight).max().orElse(0);
        int min = candidates.stream().mapToInt(Candidate::inFlight).min().orElse(0);
        if (max == min) {
            trace.fallback(FALLBACK_RANDOM);
            return;
        }
        trace.fallback(FALLBACK_IN_FLIGHT);
        for (int i = 0; i < totals.length; i++) {
            totals[i] = 1.0 - (double) candidates.get(i).inFlight() / max;
        }
    }

    private List<Candidate> topByScore(List<Candidate> candidates, double[] totals, RandomGenerator random) {
        Integer[] order = new Integer[candidates.size()];
        long[] tieBreak = new long[candidates.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            tieBreak[i] = random.nextLong();
        }
        Arrays.sort(order, Comparator.<Integer, Boolean>comparing(i -> candidates.get(i).unreachable())
                .thenComparingDouble(i -> -totals[i]).thenComparingLong(i -> tieBreak[i]));
        List<Candidate> ranked = new ArrayList<>(Math.min(topN, order.length));
        for (int i = 0; i < order.length && i < topN; i++) {
            ranked.add(candidates.get(order[i]));
        }
        return ranked;
    }

    private static boolean hasOpinion(double[] scores) {
        for (double s : scores) {
            if (!Double.isNaN(s)) {
                return true;
            }
        }
        return false;
    }

    private static double[] nanScores(int n) {
        double[] scores = new double[n];
        Arrays.fill(scores, Double.NaN);
        return scores;
    }

    static double clamp(double score) {
        if (Double.isNaN(score)) {
            return 0.5;
        }
        return score > 1 ? 1 : (score >= 0 ? score : 0);
    }
}
