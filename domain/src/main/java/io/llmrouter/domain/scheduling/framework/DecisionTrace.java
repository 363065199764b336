package io.llmrouter.domain.scheduling.framework;

import java.util.List;

/**
 * How one scheduling decision was made, for the debug API: the candidates, what each filter
 * removed, each scorer's score per surviving pod with its weight, the totals, the ranking, and the
 * fallbacks taken (a scorer that stepped aside or failed, in-flight or random ordering).
 *
 * @param survivors pod names after the filters, aligned with every {@code scores} and {@code totals}
 */
public record DecisionTrace(String model, String server, List<String> candidates, List<String> filterNotes,
                            List<String> survivors, List<ScorerTrace> scorers, List<Double> totals,
                            List<String> ranked, List<String> fallbacks, long nanos) {

    public DecisionTrace {
        candidates = List.copyOf(candidates);
        filterNotes = List.copyOf(filterNotes);
        survivors = List.copyOf(survivors);
        scorers = List.copyOf(scorers);
        totals = List.copyOf(totals);
        ranked = List.copyOf(ranked);
        fallbacks = List.copyOf(fallbacks);
    }

    /** One scorer's part: raw scores (NaN = no opinion), weight, whether it stepped aside, its run time. */
    public record ScorerTrace(String type, double weight, List<Double> scores, boolean steppedAside, long nanos) {
        public ScorerTrace {
            scores = List.copyOf(scores);
        }
    }

    /** A one-line summary for headers and logs: pick, runner-ups and fallbacks. */
    public String summary() {
        return "picked=" + (ranked.isEmpty() ? "-" : ranked.get(0)) + " ranked=" + ranked
                + (fallbacks.isEmpty() ? "" : " fallbacks=" + fallbacks);
    }
}
