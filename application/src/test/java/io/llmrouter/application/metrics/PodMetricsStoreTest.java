package io.llmrouter.application.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        store.succeeded(store.register(POD), metrics(T0));
        assertTrue(store.fresh(POD, T0.plusSeconds(5)).isPresent());
    }

    @Test
    void fresh_olderThanMaxAge_isUnknownNotIdle() {
        store.succeeded(store.register(POD), metrics(T0));
        assertTrue(store.fresh(POD, T0.plusSeconds(6)).isEmpty());
    }

    @Test
    void failed_keepsLastGoodMetricsButTheyAgeOut() {
        PodMetricsStore.Generation g = store.register(POD);
        store.succeeded(g, metrics(T0));
        store.failed(g, "connection refused", T0.plusSeconds(1));
        store.failed(g, "connection refused", T0.plusSeconds(2));
        PodMetricsStore.Entry entry = store.entry(POD).orElseThrow();
        assertEquals(2, entry.failures());
        assertEquals("connection refused", entry.lastError().orElseThrow());
        assertTrue(store.fresh(POD, T0.plusSeconds(3)).isPresent());
        assertTrue(store.fresh(POD, T0.plusSeconds(10)).isEmpty());
    }

    @Test
    void fresh_neverScraped_isUnknown() {
        store.register(POD);
        assertTrue(store.fresh(POD, T0).isEmpty());
        assertTrue(store.entry(POD).isEmpty());
        assertTrue(store.all().isEmpty());
    }

    @Test
    void succeeded_afterForget_isDroppedAndLeavesNothing() {
        PodMetricsStore.Generation g = store.register(POD);
        store.forget(POD);
        assertFalse(store.succeeded(g, metrics(T0)));
        assertFalse(store.failed(g, "late", T0));
        assertFalse(store.registered(POD));
        assertTrue(store.entry(POD).isEmpty());
    }

    @Test
    void succeeded_ofAnEarlierRegistration_doesNotReachTheReAddedPod() {
        PodMetricsStore.Generation old = store.register(POD);
        store.succeeded(old, metrics(T0));
        store.forget(POD);
        PodMetricsStore.Generation fresh = store.register(POD); // re-added under the same id
        assertTrue(store.entry(POD).isEmpty(), "a re-added pod starts empty");
        assertFalse(store.succeeded(old, metrics(T0.plusSeconds(1))));
        assertFalse(store.failed(old, "late", T0.plusSeconds(1)));
        assertTrue(store.entry(POD).isEmpty());
        assertTrue(store.succeeded(fresh, metrics(T0.plusSeconds(2))));
        assertEquals(0, store.entry(POD).orElseThrow().failures());
    }

    private static PodMetrics metrics(Instant at) {
        return new PodMetrics(1, 0, 0.2, 0.05, 0.01, Set.of(), -1, Double.NaN, -1, at);
    }
}
