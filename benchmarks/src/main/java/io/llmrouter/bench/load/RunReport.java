package io.llmrouter.bench.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of one run, with SGLang bench_serving's numbers: counts, throughputs and the
 * latency summaries of TTFT, TPOT, ITL and E2E. {@link #toJsonLine} uses bench_serving's field names
 * (plus {@code p90_*}, {@code success_rate}, {@code failed} and {@code cached_tokens} which it lacks).
 *
 * @param durationSeconds wall time from the first send to the last answer, times the time scale
 * @param timeScale       wall-to-model factor (the simulator's speed-up), 1 for real engines
 */
public record RunReport(String label, String datasetName, double requestRate, int maxConcurrency, int completed,
                        int failed, long totalInputTokens, long totalOutputTokens, long cachedTokens,
                        double durationSeconds, double concurrency, LatencySummary ttft, LatencySummary tpot,
                        LatencySummary itl, LatencySummary e2e, List<String> sampleErrors, double timeScale) {

    public RunReport {
        sampleErrors = List.copyOf(sampleErrors);
    }

    public double successRate() {
        int total = completed + failed;
        return total == 0 ? 0 : (double) completed / total;
    }

    public double requestThroughput() {
        return durationSeconds > 0 ? completed / durationSeconds : 0;
    }

    public double inputThroughput() {
        return durationSeconds > 0 ? totalInputTokens / durationSeconds : 0;
    }

    public double outputThroughput() {
        return durationSeconds > 0 ? totalOutputTokens / durationSeconds : 0;
    }

    /** Share of prompt tokens the engines served from their prefix cache (0 when they do not report it). */
    public double cacheHitRate() {
        return totalInputTokens > 0 ? (double) cachedTokens / totalInputTokens : 0;
    }

    public String toJsonLine() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("tag", label);
        f.put("backend", "openai-http");
        f.put("dataset_name", datasetName);
        f.put("request_rate", Double.isInfinite(requestRate) ? "inf" : requestRate);
        f.put("max_concurrency", maxConcurrency);
        f.put("duration", durationSeconds);
        f.put("completed", completed);
        f.put("failed", failed);
        f.put("success_rate", successRate());
        f.put("total_input_tokens", totalInputTokens);
        f.put("total_output_tokens", totalOutputTokens);
        f.put("cached_tokens", cachedTokens);
        f.put("request_throughput", requestThroughput());
        f.put("input_throughput", inputThroughput());
        f.put("output_throughput", outputThroughput());
        f.put("total_token_throughput", inputThroughput() + outputThroughput());
        f.put("concurrency", concurrency);
        putLatency(f, "e2e_latency", e2e);
        putLatency(f, "ttft", ttft);
        putLatency(f, "tpot", tpot);
        putLatency(f, "itl", itl);
        f.put("p95_itl_ms", itl.p95Ms());
        f.put("max_itl_ms", itl.maxMs());
        f.put("time_scale", timeScale);
        f.put("sample_errors", String.join(" | ", sampleErrors));
        return Json.object(f);
    }

    private static void putLatency(Map<String, Object> f, String name, LatencySummary s) {
        f.put("mean_" + name + "_ms", s.meanMs());
        f.put("median_" + name + "_ms", s.medianMs());
        f.put("std_" + name + "_ms", s.stdMs());
        f.put("p90_" + name + "_ms", s.p90Ms());
        f.put("p99_" + name + "_ms", s.p99Ms());
    }

    /** The terminal summary, laid out like bench_serving's. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        line(out, "============ Serving Benchmark Result ============", "");
        line(out, "Label:", label);
        line(out, "Successful requests:", completed + " / " + (completed + failed)
                + String.format(Locale.ROOT, " (%.1f%%)", 100 * successRate()));
        line(out, "Benchmark duration (s):", fmt(durationSeconds));
        line(out, "Total input tokens:", Long.toString(totalInputTokens));
        line(out, "Total generated tokens:", Long.toString(totalOutputTokens));
        line(out, "Request throughput (req/s):", fmt(requestThroughput()));
        line(out, "Input token throughput (tok/s):", fmt(inputThroughput()));
        line(out, "Output token throughput (tok/s):", fmt(outputThroughput()));
        line(out, "Prefix cache hit rate:", String.format(Locale.ROOT, "%.1f%%", 100 * cacheHitRate()));
        out.append(String.format(Locale.ROOT, "%-12s %10s %10s %10s %10s %10s%n", "(ms)", "mean", "median", "p90", "p99", "max"));
        latency(out, "TTFT", ttft);
        latency(out, "TPOT", tpot);
        latency(out, "ITL", itl);
        latency(out, "E2E", e2e);
        sampleErrors.forEach(e -> line(out, "error:", e));
        return out.toString();
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "%-40s %s%n", name, value));
    }

    private static void latency(StringBuilder out, String name, LatencySummary s) {
        out.append(String.format(Locale.ROOT, "%-12s %10.2f %10.2f %10.2f %10.2f %10.2f%n", name, s.meanMs(),
                s.medianMs(), s.p90Ms(), s.p99Ms(), s.maxMs()));
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
