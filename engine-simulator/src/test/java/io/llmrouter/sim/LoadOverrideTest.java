package io.llmrouter.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadOverrideTest {

    @Test
    void overrideLoad_vllm_metricsReportPinnedValuesUntilCleared() throws Exception {
        try (SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().profile("instant").build())) {
            engine.overrideLoad(new LoadOverride(7, 3, 0.5));
            String pinned = new SimHttpClient(engine.baseUri()).get("/metrics").body();
            assertTrue(pinned.contains("vllm:num_requests_running{engine=\"0\",model_name=\"" + EngineOptions.DEFAULT_MODEL
                + "\"} 7.0"));
            assertTrue(pinned.contains("vllm:num_requests_waiting{engine=\"0\",model_name=\"" + EngineOptions.DEFAULT_MODEL
                + "\"} 3.0"));
            assertTrue(pinned.contains("vllm:kv_cache_usage_perc{engine=\"0\",model_name=\"" + EngineOptions.DEFAULT_MODEL
                + "\"} 0.5"));
            engine.overrideLoad(LoadOverride.NONE);
            assertTrue(engine.metricsText().contains("vllm:num_requests_running{engine=\"0\",model_name=\""
                + EngineOptions.DEFAULT_MODEL + "\"} 0.0"));
        }
    }

    @Test
    void overrideLoad_sglangOnlyKvUsage_keepsLiveQueueAndPinsTokenUsage() {
        try (SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().engine(EngineKind.SGLANG)
            .profile("instant").build())) {
            engine.overrideLoad(new LoadOverride(null, null, 0.9));
            String text = engine.metricsText();
            assertTrue(text.contains("sglang:token_usage{engine_type=\"unified\",model_name=\"" + EngineOptions.DEFAULT_MODEL
                + "\",pp_rank=\"0\",tp_rank=\"0\"} 0.9"));
            assertTrue(text.contains("sglang:num_queue_reqs{engine_type=\"unified\",model_name=\""
                + EngineOptions.DEFAULT_MODEL + "\",pp_rank=\"0\",tp_rank=\"0\"} 0.0"));
        }
    }

    @Test
    void loadOverride_usageOutOfRange_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LoadOverride(null, null, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new LoadOverride(-1, null, null));
    }
}
