package io.llmrouter.sim.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimHttpClient;
import io.llmrouter.sim.SimulatedEngine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VllmMetricsTest {

    /** Every vLLM name the engines.md checklist and table A.1 ask the simulator to emit. */
    private static final List<String> CHECKLIST = List.of("vllm:num_requests_running", "vllm:num_requests_waiting",
        "vllm:kv_cache_usage_perc", "vllm:prefix_cache_queries_total", "vllm:prefix_cache_hits_total",
        "vllm:num_preemptions_total", "vllm:prompt_tokens_total", "vllm:generation_tokens_total",
        "vllm:request_success_total", "vllm:time_to_first_token_seconds", "vllm:inter_token_latency_seconds",
        "vllm:request_time_per_output_token_seconds", "vllm:e2e_request_latency_seconds",
        "vllm:request_queue_time_seconds", "vllm:request_inference_time_seconds", "vllm:request_prefill_time_seconds",
        "vllm:request_decode_time_seconds", "vllm:iteration_tokens_total", "vllm:request_prompt_tokens",
        "vllm:request_generation_tokens", "vllm:request_max_num_generation_tokens", "vllm:request_params_max_tokens",
        "vllm:request_params_n", "vllm:lora_requests_info", "vllm:cache_config_info");

    @Test
    void metrics_afterRequests_parseAndCarryEveryChecklistName() throws Exception {
        try (SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().profile("instant").loras("sql-lora")
            .build())) {
            var http = new SimHttpClient(engine.baseUri());
            http.post("/v1/completions", "{\"prompt\":\"" + "shared words ".repeat(20) + "\",\"max_tokens\":4}");
            http.post("/v1/completions", "{\"prompt\":\"" + "shared words ".repeat(20) + "\",\"max_tokens\":4}");
            var reply = http.get("/metrics");
            assertTrue(reply.contentType().startsWith("text/plain"));
            PromParser metrics = PromParser.parse(reply.body());
            List<String> missing = new ArrayList<>(CHECKLIST);
            missing.removeAll(metrics.types.keySet());
            assertEquals(List.of(), missing);
            assertEquals("counter", metrics.types.get("vllm:prefix_cache_hits_total"));
            assertEquals("histogram", metrics.types.get("vllm:iteration_tokens_total"));
            for (String order : metrics.labelOrders) {
                List<String> names = List.of(order.split(","));
                assertEquals(names.stream().sorted().toList(), names, "labels must be sorted");
            }
            assertEquals(2.0, metrics.value("vllm:request_success_total", "finished_reason", "length"));
            assertEquals(8.0, metrics.value("vllm:generation_tokens_total"));
        }
    }

    @Test
    void histogram_ttft_hasVllmBucketsCumulativeToCount() throws Exception {
        try (SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().profile("instant").build())) {
            new SimHttpClient(engine.baseUri()).post("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":2}");
            PromParser metrics = PromParser.parse(engine.metricsText());
            var buckets = metrics.all("vllm:time_to_first_token_seconds_bucket");
            List<String> bounds = buckets.stream().map(s -> s.labels().get("le")).toList();
            assertEquals(List.of("0.001", "0.005", "0.01", "0.02", "0.04", "0.06", "0.08", "0.1", "0.25", "0.5", "0.75",
                "1.0", "2.5", "5.0", "7.5", "10.0", "20.0", "40.0", "80.0", "160.0", "640.0", "2560.0", "+Inf"), bounds);
            assertEquals(metrics.value("vllm:time_to_first_token_seconds_count"),
                buckets.get(buckets.size() - 1).value());
        }
    }

    @Test
    void loraRequestsInfo_valueIsUnixTimestampWithOnlyLoraLabels() throws Exception {
        try (SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().profile("instant").maxLoras(2)
            .loras("sql-lora").build())) {
            PromParser metrics = PromParser.parse(engine.metricsText());
            var series = metrics.all("vllm:lora_requests_info");
            assertEquals(1, series.size());
            assertEquals(List.of("max_lora", "running_lora_adapters", "waiting_lora_adapters"),
                List.copyOf(series.get(0).labels().keySet()));
            assertEquals("2", series.get(0).labels().get("max_lora"));
            assertTrue(series.get(0).value() > 1.7e9, "a Unix timestamp in seconds");
        }
    }

    @Test
    void loraRequestsInfo_engineStartedWithoutAdapters_isAbsentAsWithoutEnableLora() throws Exception {
        try (SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().profile("instant").build())) {
            new SimHttpClient(engine.baseUri()).post("/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":2}");
            PromParser metrics = PromParser.parse(engine.metricsText());
            assertTrue(metrics.all("vllm:lora_requests_info").isEmpty(), engine.metricsText());
        }
    }

    @Test
    void legacyNames_on_emitsGpuCacheUsageAndTimePerOutputToken() throws Exception {
        try (SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().profile("instant")
            .legacyMetricNames(true).build())) {
            PromParser metrics = PromParser.parse(engine.metricsText());
            assertEquals("gauge", metrics.types.get("vllm:gpu_cache_usage_perc"));
            assertEquals("histogram", metrics.types.get("vllm:time_per_output_token_seconds"));
            assertEquals("gauge", metrics.types.get("vllm:kv_cache_usage_perc"));
        }
    }

    @Test
    void cacheConfigInfo_carriesBlockSizeAndGpuBlocks() throws Exception {
        try (SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().profile("h100-7b").build())) {
            var info = PromParser.parse(engine.metricsText()).all("vllm:cache_config_info").get(0);
            assertEquals("16", info.labels().get("block_size"));
            assertEquals("61440", info.labels().get("num_gpu_blocks"));
            assertEquals("0", info.labels().get("engine"));
            assertEquals(1.0, info.value());
        }
    }

    @Test
    void pythonFloat_variousValues_printLikePrometheusClient() {
        assertEquals("3.0", PromText.pythonFloat(3));
        assertEquals("0.0421", PromText.pythonFloat(0.0421));
        assertEquals("1.7409872345e+09", PromText.pythonFloat(1_740_987_234.5));
        assertEquals("5e-05", PromText.pythonFloat(0.00005));
        assertEquals("+Inf", PromText.pythonFloat(Double.POSITIVE_INFINITY));
        assertEquals("123456.0", PromText.pythonFloat(123_456));
    }
}
