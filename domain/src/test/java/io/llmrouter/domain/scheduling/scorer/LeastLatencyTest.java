package io.llmrouter.domain.scheduling.scorer;

import static io.llmrouter.domain.scheduling.Pods.known;
import static io.llmrouter.domain.scheduling.Pods.metrics;
import static io.llmrouter.domain.scheduling.Pods.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeastLatencyTest {

    @Test
    void score_blendsNormalisedTtftAndTpot() {
        // TTFT 0.1 / 0.3 / 0.2 -> 1, 0, 0.5; TPOT 0.02 / 0.01 / 0.03 -> 0.5, 1, 0. α = 0.75.
        double[] scores = new LeastLatency(new LeastLatency.Args(0.75)).score(request("x"), List.of(
                known("a", metrics(0, 0, 0, 0.1, 0.02), 0),
                known("b", metrics(0, 0, 0, 0.3, 0.01), 0),
                known("c", metrics(0, 0, 0, 0.2, 0.03), 0)));
        assertArrayEquals(new double[] {0.75 + 0.25 * 0.5, 0.25, 0.375}, scores, 1e-9);
    }

    @Test
    void score_unmeasuredPod_noOpinion_andNoSpreadScoresOne() {
        double[] scores = new LeastLatency(LeastLatency.Args.DEFAULT).score(request("x"), List.of(
                known("a", metrics(0, 0, 0, 0.1, 0.02), 0),
                known("b", metrics(0, 0, 0, Double.NaN, Double.NaN), 0)));
        assertArrayEquals(new double[] {1.0, Double.NaN}, scores, 1e-9);
    }

    @Test
    void args_weightOutsideUnitRange_refused() {
        assertThrows(IllegalArgumentException.class, () -> new LeastLatency.Args(1.5));
        assertThrows(IllegalArgumentException.class, () -> new LeastLatency.Args(Double.NaN));
    }
}
