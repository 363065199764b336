package io.llmrouter.domain.scheduling.filter;

import static io.llmrouter.domain.scheduling.Pods.known;
import static io.llmrouter.domain.scheduling.Pods.metrics;
import static io.llmrouter.domain.scheduling.Pods.request;
import static io.llmrouter.domain.scheduling.Pods.unknown;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.domain.scheduling.framework.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeastRequestFilterTest {

    private final LeastRequestFilter filter = new LeastRequestFilter(new LeastRequestFilter.Args(3));

    @Test
    void filter_dropsPodsAtOrOverTheQueueLimit_keepsUnknown() {
        List<Candidate> all = List.of(known("ok", metrics(1, 2, 0, 0, 0), 0), known("busy", metrics(1, 3, 0, 0, 0), 0),
                unknown("new", 0));
        assertEquals(List.of("ok", "new"), filter.filter(request("x"), all).stream().map(Candidate::name).toList());
    }

    @Test
    void filter_everyPodOverLimit_keepsTheShortestQueues() {
        List<Candidate> all = List.of(known("a", metrics(1, 9, 0, 0, 0), 0), known("b", metrics(1, 4, 0, 0, 0), 0),
                known("c", metrics(1, 4, 0, 0, 0), 0));
        assertEquals(List.of("b", "c"), filter.filter(request("x"), all).stream().map(Candidate::name).toList());
    }
}
