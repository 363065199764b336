package io.llmrouter.adapters.engines.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.adapters.engines.metrics.MetricsTranslator.Translation;
import io.llmrouter.domain.metrics.PodMetrics;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VllmMetricsTranslatorTest {

    private static final Instant T1 = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-25T12:00:01Z");
    private final VllmMetricsTranslator translator = new VllmMetricsTranslator();

    private Translation translate(String fixture, ScrapeMemory previous, Instant at) throws MetricsParseException {
        return translator.translate(Fixtures.parse(fixture), previous, at);
    }

    private Translation translateText(String text) throws MetricsParseException {
        return translator.translate(PrometheusTextParser.parse(text), ScrapeMemory.EMPTY, T1);
    }

    @Test
    void translate_currentNamesTwoEngines_sumsQueuesAndMaxesKv() throws Exception {
        PodMetrics m = translate("vllm-current-lora-scrape1.prom", ScrapeMemory.EMPTY, T1).metrics();
        assertEquals(5, m.running());                 // engine 0: 3, engine 1: 2
        assertEquals(1, m.waiting());                 // 1 + 0
        assertEquals(0.61, m.kvCacheUsage(), 1e-12);  // max(0.42, 0.61)
        assertEquals(2 * 61_440 * 16, m.kvCapacityTokens());
        assertEquals(T1, m.scrapedAt());
    }

    @Test
    void translate_firstScrape_latencyAndHitRateUnknown() throws Exception {
        PodMetrics m = translate("vllm-current-lora-scrape1.prom", ScrapeMemory.EMPTY, T1).metrics();
        assertTrue(Double.isNaN(m.ttftSeconds()));
        assertTrue(Double.isNaN(m.tpotSeconds()));
        assertTrue(Double.isNaN(m.prefixHitRate()));
    }

    @Test
    void translate_secondScrape_meansOfTheIntervalOverBothEngines() throws Exception {
        ScrapeMemory memory = translate("vllm-current-lora-scrape1.prom", ScrapeMemory.EMPTY, T1).memory();
        PodMetrics m = translate("vllm-current-lora-scrape2.prom", memory, T2).metrics();
        // TTFT: sums 5.0+3.0 -> 5.8+3.4, counts 100+60 -> 110+70: 1.2 / 20
        assertEquals(0.06, m.ttftSeconds(), 1e-9);
        // ITL: sums 40+25 -> 48+27, counts 2000+1000 -> 2400+1100: 10 / 500
        assertEquals(0.02, m.tpotSeconds(), 1e-9);
        // prefix tokens: hits 30000 -> 34000, queries 80000 -> 85000: 4000 / 5000
        assertEquals(0.8, m.prefixHitRate(), 1e-9);
        assertEquals(5, m.running());
        assertEquals(2, m.waiting());
        assertEquals(0.5, m.kvCacheUsage(), 1e-12);
    }

    @Test
    void translate_countersWentDown_readsTheRestartedEngineTotals() throws Exception {
        ScrapeMemory memory = translate("vllm-current-lora-scrape2.prom", ScrapeMemory.EMPTY, T1).memory();
        PodMetrics m = translate("vllm-current-lora-scrape1.prom", memory, T2).metrics();
        assertEquals(8.0 / 160, m.ttftSeconds(), 1e-9);
        assertEquals(65.0 / 3000, m.tpotSeconds(), 1e-9);
        assertEquals(30_000.0 / 80_000, m.prefixHitRate(), 1e-9);
    }

    @Test
    void translate_noNewObservations_keepsThePreviousMeans() throws Exception {
        ScrapeMemory memory = translate("vllm-current-lora-scrape1.prom", ScrapeMemory.EMPTY, T1).memory();
        memory = translate("vllm-current-lora-scrape2.prom", memory, T2).memory();
        PodMetrics m = translate("vllm-current-lora-scrape2.prom", memory, T2.plusSeconds(1)).metrics();
        assertEquals(0.06, m.ttftSeconds(), 1e-9);
        assertEquals(0.02, m.tpotSeconds(), 1e-9);
        assertEquals(0.8, m.prefixHitRate(), 1e-9);
    }

    @Test
    void translate_staleLoraSeries_readsTheNewest() throws Exception {
        // Scrape 1 lists three combinations; the middle one has the largest timestamp.
        PodMetrics first = translate("vllm-current-lora-scrape1.prom", ScrapeMemory.EMPTY, T1).metrics();
        assertEquals(Set.of("sql-lora", "chat-lora", "math-lora"), first.loadedLoras());
        assertEquals(4, first.maxLoras());
        assertEquals(1, first.freeLoraSlots());
        // Scrape 2 appends a newer one; the old ones stay in the exposition, as vLLM never removes them.
        PodMetrics second = translate("vllm-current-lora-scrape2.prom", ScrapeMemory.EMPTY, T2).metrics();
        assertEquals(Set.of("chat-lora"), second.loadedLoras());
    }

    @Test
    void translate_newestLoraSeriesEmpty_noAdaptersButSlotsKnown() throws Exception {
        PodMetrics m = translateText("""
                vllm:lora_requests_info{max_lora="2",running_lora_adapters="a,b",waiting_lora_adapters=""} 1.7409872e+09
                vllm:lora_requests_info{max_lora="2",running_lora_adapters="",waiting_lora_adapters=""} 1.7409873e+09
                """).metrics();
        assertEquals(Set.of(), m.loadedLoras());
        assertEquals(2, m.maxLoras());
    }

    @Test
    void translate_loraOff_noAdaptersAndSlotsUnknown() throws Exception {
        PodMetrics m = translate("vllm-current-no-lora.prom", ScrapeMemory.EMPTY, T1).metrics();
        assertEquals(Set.of(), m.loadedLoras());
        assertEquals(-1, m.maxLoras());
        assertEquals(-1, m.freeLoraSlots());
        assertEquals(5, m.running());
    }

    @Test
    void translate_legacyNamesOnly_fallsBack() throws Exception {
        Translation first = translate("vllm-legacy-scrape1.prom", ScrapeMemory.EMPTY, T1);
        PodMetrics m1 = first.metrics();
        assertEquals(5, m1.running());
        assertEquals(2, m1.waiting());
        assertEquals(0.37, m1.kvCacheUsage(), 1e-12);       // vllm:gpu_cache_usage_perc
        assertEquals(7_438L * 16, m1.kvCapacityTokens());   // cache_config_info without an engine label
        assertEquals(-1, m1.maxLoras());
        PodMetrics m2 = translate("vllm-legacy-scrape2.prom", first.memory(), T2).metrics();
        assertEquals(1.5 / 10, m2.ttftSeconds(), 1e-9);     // 10.0 -> 11.5 over 50 -> 60
        assertEquals(6.0 / 300, m2.tpotSeconds(), 1e-9);    // time_per_output_token: 27 -> 33 over 900 -> 1200
        assertEquals(50.0 / 100, m2.prefixHitRate(), 1e-9); // gpu_prefix_cache blocks: 1000 -> 1050 of 4000 -> 4100
    }

    @Test
    void translate_nothingExposed_everythingUnknownNeverZero() throws Exception {
        PodMetrics m = translateText("# nothing yet\n").metrics();
        assertEquals(-1, m.running());
        assertEquals(-1, m.waiting());
        assertTrue(Double.isNaN(m.kvCacheUsage()));
        assertEquals(-1, m.kvCapacityTokens());
        assertEquals(-1, m.maxLoras());
    }

    @Test
    void translate_cacheConfigBeforeProfiling_capacityUnknown() throws Exception {
        PodMetrics m = translateText("vllm:cache_config_info{block_size=\"16\",engine=\"0\",num_gpu_blocks=\"None\"} 1.0\n")
                .metrics();
        assertEquals(-1, m.kvCapacityTokens());
    }

    @Test
    void translate_cacheConfigInfo_blockSizeFromItsLabel() throws Exception {
        assertEquals(16, translate("vllm-current-lora-scrape1.prom", ScrapeMemory.EMPTY, T1).metrics().kvBlockSize());
        // vLLM's real label set, in the sorted order the simulator and prometheus_client write it
        PodMetrics m = translateText("# TYPE vllm:cache_config_info gauge\n"
                + "vllm:cache_config_info{block_size=\"32\",cache_dtype=\"auto\",enable_prefix_caching=\"True\","
                + "engine=\"0\",gpu_memory_utilization=\"0.9\",num_cpu_blocks=\"None\",num_gpu_blocks=\"61440\","
                + "prefix_caching_hash_algo=\"sha256\"} 1.0\n").metrics();
        assertEquals(32, m.kvBlockSize());
        // before init (num_gpu_blocks None) the block size is already known
        assertEquals(16, translateText("vllm:cache_config_info{block_size=\"16\",engine=\"0\",num_gpu_blocks=\"None\"} 1.0\n")
                .metrics().kvBlockSize());
    }

    @Test
    void translate_blockSizeAbsentOrEnginesDisagree_unknown() throws Exception {
        assertEquals(-1, translateText("# nothing yet\n").metrics().kvBlockSize());
        assertEquals(-1, translateText("vllm:cache_config_info{block_size=\"None\",engine=\"0\"} 1.0\n").metrics().kvBlockSize());
        assertEquals(-1, translateText("vllm:cache_config_info{block_size=\"16\",engine=\"0\"} 1.0\n"
                + "vllm:cache_config_info{block_size=\"32\",engine=\"1\"} 1.0\n").metrics().kvBlockSize());
    }

    @Test
    void translate_processStartTime_isTheEnginesStart() throws Exception {
        PodMetrics m = translateText("# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.\n"
                + "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds 1.76432184512e+09\n").metrics();
        assertEquals(1.76432184512e9, m.engineStartSeconds(), 1e-3);
        assertTrue(Double.isNaN(translateText("# nothing yet\n").metrics().engineStartSeconds()), "absent: unknown");
    }
}
