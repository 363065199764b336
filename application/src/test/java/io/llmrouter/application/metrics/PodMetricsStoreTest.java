package io.llmrouter.application.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.resource.ResourceId;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodMetricsStoreTest {

    private static final ResourceId POD = ResourceId.of("default", "p");
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private final PodMetricsStore store = new PodMetricsStore(Duration.ofSeconds(5));

    @Test
    void fresh_withinMaxAge_returnsMetrics() {
        store.succeeded(POD, metrics(T0));
        assertTrue(store.fresh(POD, T0.plusSeconds(5)).isPresent());
    }

    @Test
    void fresh_olderThanMaxAge_isUnknownNotIdle() {
        store.succeeded(POD, metrics(T0));
        assertTrue(store.fresh(POD, T0.plusSeconds(6)).isEmpty());
    }

    @Test
    void failed_keepsLastGoodMetricsButTheyAgeOut() {
        store.succeeded(POD, metrics(T0));
        store.failed(POD, "connection refused", T0.plusSeconds(1));
        store.failed(POD, "connection refused", T0.plusSeconds(2));
        PodMetricsStore.Entry entry = store.entry(POD).orElseThrow();
        assertEquals(2, entry.failures());
        assertEquals("connection refused", entry.lastError().orElseThrow());
        assertTrue(store.fresh(POD, T0.plusSeconds(3)).isPresent());
        assertTrue(store.fresh(POD, T0.plusSeconds(10)).isEmpty());
    }

    @Test
    void fresh_neverScraped_isUnknown() {
        assertTrue(store.fresh(POD, T0).isEmpty());
    }

    private static PodMetrics metrics(Instant at) {
        return new PodMetrics(1, 0, 0.2, 0.05, 0.01, Set.of(), -1, Double.NaN, -1, at);
    }
}
