package io.llmrouter.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportsTest {

    private static final LoadOptions OPTIONS = new LoadOptions(10, 4, 1, Duration.ofMinutes(1), false, 1);

    /** A stream with TTFT {@code ttftMs}, then {@code tokens − 1} gaps of {@code gapMs}. */
    private static RequestOutcome stream(long ttftMs, long gapMs, int tokens) {
        long[] gaps = new long[tokens - 1];
        java.util.Arrays.fill(gaps, gapMs * 1_000_000);
        long e2e = (ttftMs + gapMs * (tokens - 1)) * 1_000_000;
        return new RequestOutcome(true, "", ttftMs * 1_000_000, e2e, gaps, 100, tokens, 40);
    }

    @Test
    void of_twoStreamsAndOneFailure_countsAndThroughputs() {
        List<RequestOutcome> outcomes = List.of(stream(100, 10, 11), stream(300, 30, 11),
                RequestOutcome.failed("HTTP 503: busy", 5_000_000));
        RunReport report = Reports.of("t", "random", OPTIONS, outcomes, 2.0);
        assertEquals(2, report.completed());
        assertEquals(1, report.failed());
        assertEquals(2.0 / 3, report.successRate(), 1e-9);
        assertEquals(1.0, report.requestThroughput(), 1e-9);      // 2 requests / 2 s
        assertEquals(100.0, report.inputThroughput(), 1e-9);      // 200 tokens / 2 s
        assertEquals(11.0, report.outputThroughput(), 1e-9);      // 22 tokens / 2 s
        assertEquals(0.4, report.cacheHitRate(), 1e-9);           // 80 cached of 200
        assertEquals(List.of("HTTP 503: busy"), report.sampleErrors());
    }

    @Test
    void of_twoStreams_latencyMeansAndTpot() {
        RunReport report = Reports.of("t", "random", OPTIONS, List.of(stream(100, 10, 11), stream(300, 30, 11)), 2.0);
        assertEquals(200.0, report.ttft().meanMs(), 0.5);
        assertEquals(100.0, report.ttft().stdMs(), 0.5);
        // TPOT = (e2e − ttft) / (tokens − 1) = 10 and 30 ms; ITL: ten gaps of each
        assertEquals(20.0, report.tpot().meanMs(), 0.05);
        assertEquals(20.0, report.itl().meanMs(), 0.05);
        assertEquals(20, report.itl().count());
        // E2E 200 and 600 ms; concurrency = Σ e2e / duration = 0.8 s / 2 s
        assertEquals(400.0, report.e2e().meanMs(), 0.5);
        assertEquals(0.4, report.concurrency(), 1e-9);
    }

    @Test
    void recorder_hundredValues_percentilesWithinHdrPrecision() {
        LatencySummary.Recorder recorder = new LatencySummary.Recorder();
        for (int ms = 1; ms <= 100; ms++) {
            recorder.record(ms * 1_000_000.0);
        }
        LatencySummary s = recorder.summary();
        assertEquals(50.5, s.meanMs(), 1e-9);
        assertEquals(50.0, s.medianMs(), 0.05);
        assertEquals(90.0, s.p90Ms(), 0.09);
        assertEquals(99.0, s.p99Ms(), 0.1);
        assertEquals(100.0, s.maxMs(), 0.1);
    }

    @Test
    void of_timeScaleTen_latenciesTimesTenAndThroughputOverTen() {
        LoadOptions scaled = new LoadOptions(10, 4, 1, Duration.ofMinutes(1), false, 10);
        RunReport report = Reports.of("t", "random", scaled, List.of(stream(100, 10, 11)), 2.0);
        assertEquals(1000.0, report.ttft().meanMs(), 1);
        assertEquals(20.0, report.durationSeconds(), 1e-9);
        assertEquals(0.05, report.requestThroughput(), 1e-9);
    }

    @Test
    void toJsonLine_benchServingFieldNames() {
        String json = Reports.of("t", "random", OPTIONS, List.of(stream(100, 10, 11)), 1.0).toJsonLine();
        for (String field : new ArrayList<>(List.of("\"completed\":1", "\"request_throughput\":", "\"mean_ttft_ms\":",
                "\"median_tpot_ms\":", "\"p99_itl_ms\":", "\"std_e2e_latency_ms\":", "\"total_output_tokens\":11",
                "\"output_throughput\":", "\"max_concurrency\":4"))) {
            assertTrue(json.contains(field), field + " in " + json);
        }
        assertTrue(json.startsWith("{") && json.endsWith("}") && !json.contains("\n"));
    }
}
