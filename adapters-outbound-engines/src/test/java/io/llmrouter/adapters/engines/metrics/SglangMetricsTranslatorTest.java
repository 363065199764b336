package io.llmrouter.adapters.engines.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.adapters.engines.metrics.MetricsTranslator.Translation;
import io.llmrouter.domain.metrics.PodMetrics;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SglangMetricsTranslatorTest {

    private static final Instant T1 = Instant.parse("2026-11-25T12:00:00Z");
    private final SglangMetricsTranslator translator = new SglangMetricsTranslator();

    private Translation translate(String fixture, ScrapeMemory previous) throws MetricsParseException {
        return translator.translate(Fixtures.parse(fixture), previous, T1);
    }

    private PodMetrics translateText(String text) throws MetricsParseException {
        return translator.translate(PrometheusTextParser.parse(text), ScrapeMemory.EMPTY, T1).metrics();
    }

    @Test
    void translate_twoTpRanks_readsRankZero() throws Exception {
        // The fixture lists tp_rank="1" first with different values, so reading it (or the last series) would show.
        PodMetrics m = translate("sglang-scrape1.prom", ScrapeMemory.EMPTY).metrics();
        assertEquals(7, m.running());
        assertEquals(3, m.waiting());
        assertEquals(0.42, m.kvCacheUsage(), 1e-12);
        assertEquals(0.61, m.prefixHitRate(), 1e-12);
        assertEquals(548_864, m.kvCapacityTokens());
        assertEquals(Set.of(), m.loadedLoras());
        assertEquals(-1, m.maxLoras());
        assertTrue(Double.isNaN(m.ttftSeconds()));
    }

    @Test
    void translate_secondScrape_latencyFromHistogramDeltas() throws Exception {
        ScrapeMemory memory = translate("sglang-scrape1.prom", ScrapeMemory.EMPTY).memory();
        PodMetrics m = translate("sglang-scrape2.prom", memory).metrics();
        assertEquals(1.0 / 20, m.ttftSeconds(), 1e-9);   // sum 40 -> 41 over count 200 -> 220
        assertEquals(15.0 / 500, m.tpotSeconds(), 1e-9); // sum 180 -> 195 over count 9000 -> 9500
        assertEquals(8, m.running());
        assertEquals(1, m.waiting());
    }

    @Test
    void translate_noRankZero_takesTheMaxRank() throws Exception {
        PodMetrics m = translateText("""
                sglang:num_running_reqs{tp_rank="2"} 4
                sglang:num_running_reqs{tp_rank="3"} 6
                """);
        assertEquals(6, m.running());
    }

    @Test
    void translate_dataParallelRanks_sumsSchedulersAndMaxesUsage() throws Exception {
        PodMetrics m = translateText("""
                sglang:num_running_reqs{dp_rank="0",tp_rank="0"} 3
                sglang:num_running_reqs{dp_rank="0",tp_rank="1"} 3
                sglang:num_running_reqs{dp_rank="1",tp_rank="0"} 5
                sglang:num_running_reqs{dp_rank="1",tp_rank="1"} 5
                sglang:token_usage{dp_rank="0",tp_rank="0"} 0.2
                sglang:token_usage{dp_rank="1",tp_rank="0"} 0.7
                sglang:cache_hit_rate{dp_rank="0",tp_rank="0"} 0.4
                sglang:cache_hit_rate{dp_rank="1",tp_rank="0"} 0.6
                """);
        assertEquals(8, m.running());                    // 3 + 5, one rank per scheduler
        assertEquals(0.7, m.kvCacheUsage(), 1e-12);
        assertEquals(0.5, m.prefixHitRate(), 1e-12);     // mean of the schedulers
        assertEquals(-1, m.waiting());
    }

    @Test
    void translate_olderTpotName_fallsBack() throws Exception {
        ScrapeMemory memory = translator.translate(PrometheusTextParser.parse("""
                sglang:time_per_output_token_seconds_sum{model_name="m"} 1.0
                sglang:time_per_output_token_seconds_count{model_name="m"} 100
                """), ScrapeMemory.EMPTY, T1).memory();
        PodMetrics m = translator.translate(PrometheusTextParser.parse("""
                sglang:time_per_output_token_seconds_sum{model_name="m"} 2.0
                sglang:time_per_output_token_seconds_count{model_name="m"} 150
                """), memory, T1).metrics();
        assertEquals(1.0 / 50, m.tpotSeconds(), 1e-9);
    }

    @Test
    void translate_noHitRateGauge_fallsBackToCachedOverPromptTokens() throws Exception {
        ScrapeMemory memory = translator.translate(PrometheusTextParser.parse("""
                sglang:prompt_tokens_total{model_name="m"} 1000
                sglang:cached_tokens_total{model_name="m"} 200
                """), ScrapeMemory.EMPTY, T1).memory();
        PodMetrics m = translator.translate(PrometheusTextParser.parse("""
                sglang:prompt_tokens_total{model_name="m"} 1400
                sglang:cached_tokens_total{model_name="m"} 500
                """), memory, T1).metrics();
        assertEquals(300.0 / 400, m.prefixHitRate(), 1e-9); // cached 200 -> 500 of prompt 1000 -> 1400
    }
}
