package io.llmrouter.domain.scheduling.scorer;

import static io.llmrouter.domain.scheduling.Pods.known;
import static io.llmrouter.domain.scheduling.Pods.metrics;
import static io.llmrouter.domain.scheduling.Pods.request;
import static io.llmrouter.domain.scheduling.Pods.unknown;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GpuUsageTest {

    @Test
    void score_isFreeKvFraction_unknownHasNoOpinion() {
        double[] scores = new GpuUsage().score(request("x"), List.of(
                known("a", metrics(0, 0, 0.25, 0, 0), 0),
                known("b", metrics(0, 0, Double.NaN, 0, 0), 0),
                unknown("c", 0)));
        assertArrayEquals(new double[] {0.75, Double.NaN, Double.NaN}, scores, 1e-9);
    }
}
