package io.llmrouter.domain.scheduling.pair;

import static io.llmrouter.domain.pd.PdPodsTest.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.pd.Pair;
import io.llmrouter.domain.pd.PdPods;
import io.llmrouter.domain.pd.PdPodsTest;

import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.scheduling.Pods;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.domain.scheduling.framework.WeightedScorer;
import io.llmrouter.domain.scheduling.scorer.LeastRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairSchedulerTest {

    // waiting requests per pod: lower is better for least-request
    static final Map<String, Integer> LOAD = Map.of("pa", 5, "pa2", 0, "da", 1, "pb", 0, "db", 0, "dc", 0);

    static Candidate candidate(Pod pod) {
        int waiting = LOAD.getOrDefault(pod.meta().name(), 0);
        PodMetrics m = Pods.metrics(waiting, waiting, 0.1, Double.NaN, Double.NaN);
        return new Candidate(pod, Optional.of(m), 0);
    }

    @Test
    void eachDecodePodPairsWithTheBestPrefillPodOfItsOwnGroupOnly() {
        PdPods pods = PdPods.classify(PdPodsTest.SPEC, List.of(pod("pa", "a", "prefill"), pod("pa2", "a", "prefill"),
                pod("da", "a", "decode"), pod("pb", "b", "prefill"), pod("db", "b", "decode"),
                pod("dc", "c", "decode")));
        SchedulingProfile profile = new SchedulingProfile(List.of(), List.of(new WeightedScorer(new LeastRequest(), 1)), 5);
        PairDecision d = PairScheduler.rank(profile, SchedulingRequest.of("m", Pods.SERVER), pods,
                PairSchedulerTest::candidate, new Random(1));
        // db (load 0) before da (load 1); dc (group c) has no prefill pod, so no pair
        assertEquals(List.of("pb->db", "pa2->da"), d.pairs().stream().map(Pair::describe).toList());
        assertEquals(3, d.decodeRanked().size());
        assertEquals(3, d.trace().pairings().size());
        assertTrue(d.trace().fallbacks().stream().anyMatch(f -> f.contains("dc has no prefill pod in group 'c'")),
                d.trace().fallbacks().toString());
        assertTrue(d.trace().summary().startsWith("picked=pb->db"), d.trace().summary());
        DecisionTraceCheck.prefillRanking(d, "da", List.of("pa2", "pa"));
    }

    /** Small helper so the assertion on a pairing's own ranking reads as one line. */
    static final class DecisionTraceCheck {
        static void prefillRanking(PairDecision d, String decode, List<String> ranked) {
            var pairing = d.trace().pairings().stream().filter(p -> p.decodePod().equals(decode)).findFirst().orElseThrow();
            assertEquals(ranked, pairing.prefill().ranked());
            assertEquals("a", pairing.group());
        }
    }
}
