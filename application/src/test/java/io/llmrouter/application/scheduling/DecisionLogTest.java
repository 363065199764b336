package io.llmrouter.application.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.domain.scheduling.framework.DecisionTrace;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionLogTest {

    @Test
    void recent_afterWrapAround_newestFirstAndBounded() {
        DecisionLog log = new DecisionLog(4);
        for (int i = 0; i < 10; i++) {
            log.record(Instant.EPOCH, "req-" + i, trace());
        }
        List<String> ids = log.recent(10).stream().map(DecisionLog.Entry::requestId).toList();
        assertEquals(List.of("req-9", "req-8", "req-7", "req-6"), ids);
        assertEquals(List.of("req-9", "req-8"), log.recent(2).stream().map(DecisionLog.Entry::requestId).toList());
    }

    @Test
    void recent_empty_returnsNothing() {
        assertEquals(List.of(), new DecisionLog(3).recent(5));
    }

    private static DecisionTrace trace() {
        return new DecisionTrace("m", "default/s", List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), 0);
    }
}
