package io.llmrouter.domain.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WeightedTargetsTest {

    private static final int DRAWS = 20_000;

    @Test
    void pick_weights70And30_splitPassesChiSquare() {
        List<TargetModel> targets = List.of(TargetModel.server("a", 70), TargetModel.server("b", 30));
        Map<String, Integer> counts = draw(targets, new SplittableRandom(42));
        // Chi-square with 1 degree of freedom; 10.83 is the 0.1 % critical value, so a correct
        // sampler fails this about once in a thousand seeds (the seed is fixed, so never here).
        double chi2 = chiSquare(counts, Map.of("a", 0.7, "b", 0.3));
        assertTrue(chi2 < 10.83, "chi-square " + chi2 + " for counts " + counts);
    }

    @Test
    void pick_threeUnequalWeights_splitPassesChiSquare() {
        List<TargetModel> targets = List.of(TargetModel.server("a", 50), TargetModel.server("b", 30),
                TargetModel.server("c", 20));
        Map<String, Integer> counts = draw(targets, new SplittableRandom(1234));
        double chi2 = chiSquare(counts, Map.of("a", 0.5, "b", 0.3, "c", 0.2));
        assertTrue(chi2 < 13.82, "chi-square (2 dof, 0.1 %) " + chi2 + " for counts " + counts);
    }

    @Test
    void pick_biasedSampler_wouldFailTheSameTest() {
        // The test's power: a 60/40 split measured against a 70/30 expectation is rejected.
        Map<String, Integer> biased = Map.of("a", (int) (DRAWS * 0.6), "b", (int) (DRAWS * 0.4));
        assertTrue(chiSquare(biased, Map.of("a", 0.7, "b", 0.3)) > 10.83);
    }

    @Test
    void pick_zeroWeightTarget_neverDrawn() {
        List<TargetModel> targets = List.of(TargetModel.server("a", 0), TargetModel.server("b", 100));
        assertEquals(Map.of("b", DRAWS), draw(targets, new SplittableRandom(3)));
    }

    @Test
    void pick_allZero_yieldsNothing() {
        assertEquals(Optional.empty(), WeightedTargets.pick(List.of(TargetModel.server("a", 0)), new SplittableRandom(1)));
        assertEquals(Optional.empty(), WeightedTargets.pick(List.of(), new SplittableRandom(1)));
    }

    private static Map<String, Integer> draw(List<TargetModel> targets, SplittableRandom random) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < DRAWS; i++) {
            String name = WeightedTargets.pick(targets, random).orElseThrow().modelServerName().orElseThrow();
            counts.merge(name, 1, Integer::sum);
        }
        return counts;
    }

    private static double chiSquare(Map<String, Integer> observed, Map<String, Double> expectedShare) {
        double chi2 = 0;
        for (Map.Entry<String, Double> e : expectedShare.entrySet()) {
            double expected = DRAWS * e.getValue();
            double diff = observed.getOrDefault(e.getKey(), 0) - expected;
            chi2 += diff * diff / expected;
        }
        return chi2;
    }
}
