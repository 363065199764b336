package io.llmrouter.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.application.metrics.PodMetricsStore;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.server.WorkloadPort;
import io.llmrouter.domain.server.WorkloadSelector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodJsonTest {

    private static final Instant SCRAPED = Instant.parse("2026-11-25T13:00:00Z");
    private static final Pod POD = new Pod(new ObjectMeta(ResourceId.of("prod", "gpu-1"), Map.of("app", "llama"),
            Instant.EPOCH, "1"), "10.0.0.7", OptionalInt.of(8001), true);
    private static final ModelServer SERVER = new ModelServer(ObjectMeta.of("prod", "llama"), Optional.of("llama-3-8b"),
            InferenceEngine.SGLANG, new WorkloadSelector(Map.of("app", "llama"), Optional.empty()),
            new WorkloadPort(8000, "http"), TrafficPolicy.DEFAULT, Optional.empty());

    @Test
    void write_metricsSevenSecondsOld_ageAndStaleFlagAndLorasShown() {
        PodMetrics m = new PodMetrics(3, 1, 0.42, 0.120, 0.015, Set.of("sql-lora", "chat-lora"), 4, 0.5, 65_536, SCRAPED);
        var entry = new PodMetricsStore.Entry(Optional.of(m), Optional.of("connect refused"), 2, SCRAPED.plusSeconds(6),
                true);

        String json = render(new PodJson.View(POD, List.of(SERVER), Optional.of(entry), 5, Duration.ofSeconds(5),
                SCRAPED.plusSeconds(7)));

        // Kthena's metric names; TTFT/TPOT in ms as Kthena reports them (0.120 s -> 120 ms).
        assertTrue(json.contains("\"metrics\":{\"gpuCacheUsage\":0.42,\"requestWaitingNum\":1,\"requestRunningNum\":3,"
                + "\"tpot\":15.0,\"ttft\":120.0,"), json);
        assertTrue(json.contains("\"ageSeconds\":7.0,\"fresh\":false"), json);
        assertTrue(json.contains("\"scrape\":{\"lastAttempt\":\"2026-11-25T13:00:06Z\",\"lastError\":\"connect refused\","
                + "\"failures\":2,\"unreachable\":true}"), json);
        assertTrue(json.contains("\"inFlight\":5,\"loras\":[\"chat-lora\",\"sql-lora\"],"
                + "\"models\":[\"chat-lora\",\"llama-3-8b\",\"sql-lora\"],\"modelServers\":[\"prod/llama\"]"), json);
        assertTrue(json.contains("\"podInfo\":{\"podIP\":\"10.0.0.7\",\"port\":8001,\"ready\":true,"
                + "\"labels\":{\"app\":\"llama\"}},\"engine\":\"SGLang\""), json);
    }

    @Test
    void write_unknownValues_nullNeverZero() {
        PodMetrics m = new PodMetrics(0, -1, Double.NaN, Double.NaN, Double.NaN, Set.of(), -1, Double.NaN, -1, SCRAPED);
        var entry = new PodMetricsStore.Entry(Optional.of(m), Optional.empty(), 0, SCRAPED);

        String json = render(new PodJson.View(POD, List.of(SERVER), Optional.of(entry), 0, Duration.ofSeconds(5), SCRAPED));

        assertTrue(json.contains("\"gpuCacheUsage\":null,\"requestWaitingNum\":null,\"requestRunningNum\":0,"
                + "\"tpot\":null,\"ttft\":null"), json);
        assertTrue(json.contains("\"fresh\":true"), json);
    }

    @Test
    void write_neverScrapedPodOfNoServer_nullMetricsAndEngine() {
        String json = render(new PodJson.View(POD, List.of(), Optional.empty(), 0, Duration.ofSeconds(5), SCRAPED));

        assertTrue(json.contains("\"engine\":null,\"metrics\":null,"), json);
        assertTrue(json.contains("\"scrape\":{\"lastAttempt\":null,\"lastError\":null,\"failures\":0,\"unreachable\":false}"), json);
        assertFalse(json.contains("ageSeconds"), json);
    }

    @Test
    void write_ejectedPod_healthShowsStateTimeLeftAndReason() {
        long now = 1_000_000_000L;
        var health = new io.llmrouter.domain.health.PodHealth(0, 0, true, now + 12_500_000_000L, false, 2, 0, 3,
                Optional.of("5 consecutive failed requests (last: HTTP 503)"));
        String json = render(new PodJson.View(POD, List.of(SERVER), Optional.empty(), 0, Duration.ofSeconds(5), SCRAPED,
                Optional.of(health), now));
        assertTrue(json.endsWith("\"health\":{\"state\":\"ejected\",\"schedulable\":false,\"consecutiveFailures\":0,"
                + "\"consecutiveScrapeFailures\":0,\"ejections\":3,\"ejectedForSeconds\":12.5,\"trialInFlight\":false,"
                + "\"lastEjectionReason\":\"5 consecutive failed requests (last: HTTP 503)\"}}"), json);
        String healthy = render(new PodJson.View(POD, List.of(SERVER), Optional.empty(), 0, Duration.ofSeconds(5),
                SCRAPED));
        assertTrue(healthy.contains("\"health\":{\"state\":\"healthy\",\"schedulable\":true,"), healthy);
    }

    @Test
    void goDuration_variousLengths_goSpelling() {
        assertEquals("0s", SpecJson.goDuration(Duration.ZERO));
        assertEquals("100ms", SpecJson.goDuration(Duration.ofMillis(100)));
        assertEquals("1.5s", SpecJson.goDuration(Duration.ofMillis(1500)));
        assertEquals("1m30s", SpecJson.goDuration(Duration.ofSeconds(90)));
        assertEquals("1h0m0s", SpecJson.goDuration(Duration.ofHours(1)));
    }

    private static String render(PodJson.View view) {
        return new String(JsonBodies.bytes(g -> PodJson.write(g, view)), StandardCharsets.UTF_8);
    }
}
