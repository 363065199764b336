package io.llmrouter.domain.scheduling.pair;

import io.llmrouter.domain.pd.Pair;
import io.llmrouter.domain.pd.PdPods;

import io.llmrouter.domain.scheduling.framework.DecisionTrace;
import java.util.List;

/**
 * The pairs to try, best first (the decode ranking's order; each with its group's best prefill pod),
 * the best decode pod for a decode-only fallback (empty when filters removed every decode pod), and
 * the trace of both rankings.
 */
public record PairDecision(List<Pair> pairs, List<io.llmrouter.domain.pod.Pod> decodeRanked, DecisionTrace trace) {

    public PairDecision {
        pairs = List.copyOf(pairs);
        decodeRanked = List.copyOf(decodeRanked);
    }
}
