package io.llmrouter.domain.scheduling.framework;

import java.util.ArrayList;
import java.util.List;

/** Collects a {@link DecisionTrace} while the profile runs; one per decision, one thread. */
final class TraceBuilder {

    private final String model;
    private final String server;
    private final List<String> candidates;
    private final List<String> filterNotes = new ArrayList<>(2);
    private final List<DecisionTrace.ScorerTrace> scorers = new ArrayList<>(4);
    private final List<String> fallbacks = new ArrayList<>(1);

    TraceBuilder(SchedulingRequest request, List<Candidate> candidates) {
        this.model = request.model();
        this.server = request.server().id().toString();
        this.candidates = names(candidates);
    }

    void filterNote(String note) {
        filterNotes.add(note);
    }

    void fallback(String note) {
        fallbacks.add(note);
    }

    void scorer(WeightedScorer ws, double[] scores, boolean steppedAside, long nanos) {
        List<Double> boxed = new ArrayList<>(scores.length);
        for (double s : scores) {
            boxed.add(s);
        }
        scorers.add(new DecisionTrace.ScorerTrace(ws.scorer().type(), ws.weight(), boxed, steppedAside, nanos));
        if (steppedAside) {
            fallbacks.add(ws.scorer().type() + " stepped aside (no metrics)");
        }
    }

    DecisionTrace build(List<Candidate> survivors, List<Candidate> ranked, long nanos) {
        return new DecisionTrace(model, server, candidates, filterNotes, names(survivors), scorers, List.of(),
                names(ranked), fallbacks, nanos);
    }

    DecisionTrace build(List<Candidate> survivors, double[] totals, List<Candidate> ranked, long nanos) {
        List<Double> boxed = new ArrayList<>(totals.length);
        for (double t : totals) {
            boxed.add(t);
        }
        return new DecisionTrace(model, server, candidates, filterNotes, names(survivors), scorers, boxed,
                names(ranked), fallbacks, nanos);
    }

    private static List<String> names(List<Candidate> candidates) {
        List<String> names = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            names.add(c.name());
        }
        return names;
    }
}
