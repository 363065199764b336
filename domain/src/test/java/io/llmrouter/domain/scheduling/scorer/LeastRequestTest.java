package io.llmrouter.domain.scheduling.scorer;

import static io.llmrouter.domain.scheduling.Pods.known;
import static io.llmrouter.domain.scheduling.Pods.metrics;
import static io.llmrouter.domain.scheduling.Pods.request;
import static io.llmrouter.domain.scheduling.Pods.unknown;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeastRequestTest {

    private final LeastRequest plugin = new LeastRequest();

    @Test
    void score_queuedRequestsWeighHundredfold() {
        // a: 2 in flight, both running -> base 2. b: 3 in flight, 1 running -> queued 2 -> base 203.
        // c: 0 in flight but the engine queues 1 (another router's) -> base 100. max = 203.
        double[] scores = plugin.score(request("x"), List.of(
                known("a", metrics(2, 0, 0.1, 0.1, 0.01), 2),
                known("b", metrics(1, 0, 0.1, 0.1, 0.01), 3),
                known("c", metrics(0, 1, 0.1, 0.1, 0.01), 0)));
        assertArrayEquals(new double[] {201.0 / 203, 0.0, 103.0 / 203}, scores, 1e-9);
    }

    @Test
    void score_allIdle_everyoneScoresOne() {
        assertArrayEquals(new double[] {1, 1}, plugin.score(request("x"),
                List.of(known("a", metrics(0, 0, 0, 0, 0), 0), unknown("b", 0))), 1e-9);
    }

    @Test
    void score_unknownMetrics_usesInFlightOnly() {
        assertArrayEquals(new double[] {1.0, 0.0}, plugin.score(request("x"), List.of(unknown("a", 0), unknown("b", 4))), 1e-9);
    }
}
