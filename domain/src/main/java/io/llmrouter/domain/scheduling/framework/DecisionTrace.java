package io.llmrouter.domain.scheduling.framework;

import java.util.List;

/**
 * How one scheduling decision was made, for the debug API: the candidates, what each filter
 * removed, each scorer's score per surviving pod with its weight, the totals, the ranking, and the
 * fallbacks taken (a scorer that stepped aside or failed, in-flight or random ordering).
 *
 * @param survivors pod names after the filters, aligned with every {@code scores} and {@code totals}
 * @param pairings  PD only: for each ranked decode pod, the ranking of its group's prefill pods
 *                  (this trace is then the decode ranking); empty for an aggregated server
 */
public record DecisionTrace(String model, String server, List<String> candidates, List<String> filterNotes,
                            List<String> survivors, List<ScorerTrace> scorers, List<Double> totals,
                            List<String> ranked, List<String> fallbacks, long nanos, List<Pairing> pairings) {

    public DecisionTrace(String model, String server, List<String> candidates, List<String> filterNotes,
                         List<String> survivors, List<ScorerTrace> scorers, List<Double> totals,
                         List<String> ranked, List<String> fallbacks, long nanos) {
        this(model, server, candidates, filterNotes, survivors, scorers, totals, ranked, fallbacks, nanos, List.of());
    }

    /**
     * One decode pod's prefill choice: its group, and how that group's prefill pods ranked ({@code prefill};
     * its first ranked pod is the pair's prefill pod, none when the group has no usable prefill pod).
     */
    public record Pairing(String decodePod, String group, DecisionTrace prefill) {
        public Pairing {
            java.util.Objects.requireNonNull(prefill, "'prefill' must not be null");
        }

        /** The chosen prefill pod, empty when there is none. */
        public java.util.Optional<String> prefillPod() {
            return prefill.ranked().isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(prefill.ranked().get(0));
        }
    }

    /** This decode ranking with the prefill rankings of its pairs. */
    public DecisionTrace withPairings(List<Pairing> list) {
        return new DecisionTrace(model, server, candidates, filterNotes, survivors, scorers, totals, ranked, fallbacks,
                nanos, list);
    }

    public DecisionTrace {
        pairings = List.copyOf(pairings);
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
        if (!pairings.isEmpty()) {
            List<String> pairs = pairings.stream().filter(p -> p.prefillPod().isPresent())
                    .map(p -> p.prefillPod().get() + "->" + p.decodePod()).toList();
            return "picked=" + (pairs.isEmpty() ? "-" : pairs.get(0)) + " pairs=" + pairs
                    + (fallbacks.isEmpty() ? "" : " fallbacks=" + fallbacks);
        }
        return "picked=" + (ranked.isEmpty() ? "-" : ranked.get(0)) + " ranked=" + ranked
                + (fallbacks.isEmpty() ? "" : " fallbacks=" + fallbacks);
    }
}
