package io.llmrouter.domain.scheduling.framework;

import java.util.List;

/** The ranked candidates (best first, at most topN; empty when filters removed every pod) and how they were chosen. */
public record Decision(List<Candidate> ranked, DecisionTrace trace) {

    public Decision {
        ranked = List.copyOf(ranked);
    }
}
