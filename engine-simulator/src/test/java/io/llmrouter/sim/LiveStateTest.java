package io.llmrouter.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.core.Profiles;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Engine state seen mid-request, from Java and through /metrics, on a real-time engine. */
class LiveStateTest {

    private static final Pattern LORA_SERIES = Pattern.compile(
        "vllm:lora_requests_info\\{max_lora=\"2\",running_lora_adapters=\"([^\"]*)\",waiting_lora_adapters=\"\"} (\\S+)");
    private static final Pattern KV_USAGE = Pattern.compile("vllm:kv_cache_usage_perc\\{[^}]*} (\\S+)");

    record Series(String running, double timestamp) {
    }

    private static List<Series> loraSeries(String metrics) {
        Matcher m = LORA_SERIES.matcher(metrics);
        List<Series> series = new java.util.ArrayList<>();
        while (m.find()) {
            series.add(new Series(m.group(1), Double.parseDouble(m.group(2))));
        }
        return series;
    }

    @Test
    void midStream_loraRequest_stateAndMetricsShowItThenStaleSeriesStays() throws Exception {
        EngineOptions options = EngineOptions.builder().profile(Profiles.named("h100-7b").withNumGpuBlocks(1000))
            .loras("sql-lora").maxLoras(2).build();
        try (SimulatedEngine engine = SimulatedEngine.start(options)) {
            String metricsDuring;
            EngineState during;
            try (RawSse sse = new RawSse(engine.port(), "/v1/completions",
                "{\"model\":\"sql-lora\",\"prompt\":\"" + "adapter words ".repeat(40) + "\",\"max_tokens\":2000,\"stream\":true}")) {
                assertTrue(sse.awaitEvents(2));
                during = engine.state();
                metricsDuring = new SimHttpClient(engine.baseUri()).get("/metrics").body();
            }
            assertEquals(1, during.running());
            assertTrue(during.usedBlocks() > 0);
            Matcher usage = KV_USAGE.matcher(metricsDuring);
            assertTrue(usage.find());
            // the gauge is used blocks over capacity (1000 blocks); blocks only grow while the request decodes
            assertTrue(Double.parseDouble(usage.group(1)) >= during.usedBlocks() / 1000.0);
            assertEquals(List.of("sql-lora"), loraSeries(metricsDuring).stream().map(Series::running)
                .filter(r -> !r.isEmpty()).toList());

            Await.until(() -> engine.stats().requestsAborted() == 1, "client gone");
            List<Series> after = loraSeries(engine.metricsText());
            // the series seen mid-request is kept; the newest timestamp shows nothing running now
            assertTrue(after.stream().anyMatch(s -> s.running().equals("sql-lora")));
            assertEquals("", after.stream().max(Comparator.comparingDouble(Series::timestamp)).orElseThrow().running());
        }
    }
}
