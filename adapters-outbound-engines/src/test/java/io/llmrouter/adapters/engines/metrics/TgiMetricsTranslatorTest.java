package io.llmrouter.adapters.engines.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.adapters.engines.metrics.MetricsTranslator.Translation;
import io.llmrouter.domain.metrics.PodMetrics;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TgiMetricsTranslatorTest {

    private static final Instant T1 = Instant.parse("2026-11-25T12:00:00Z");
    private final TgiMetricsTranslator translator = new TgiMetricsTranslator();

    private Translation translate(String fixture, ScrapeMemory previous) throws MetricsParseException {
        return translator.translate(Fixtures.parse(fixture), previous, T1);
    }

    @Test
    void translate_firstScrape_queueBatchAndKvProxy() throws Exception {
        PodMetrics m = translate("tgi-scrape1.prom", ScrapeMemory.EMPTY).metrics();
        assertEquals(12, m.running());
        assertEquals(3, m.waiting());
        assertEquals(90_000.0 / 300_000, m.kvCacheUsage(), 1e-12);
        assertEquals(300_000, m.kvCapacityTokens());
        assertTrue(Double.isNaN(m.ttftSeconds()));
        assertTrue(Double.isNaN(m.prefixHitRate()));
        assertEquals(Set.of(), m.loadedLoras());
        assertEquals(-1, m.maxLoras());
    }

    @Test
    void translate_secondScrape_latencyFromDurationHistograms() throws Exception {
        ScrapeMemory memory = translate("tgi-scrape1.prom", ScrapeMemory.EMPTY).memory();
        PodMetrics m = translate("tgi-scrape2.prom", memory).metrics();
        // TTFT proxy: queue 2.0 -> 2.5 over 40 -> 50 (0.05) + prefill step 1.5 -> 2.1 over 30 -> 40 (0.06)
        assertEquals(0.11, m.ttftSeconds(), 1e-9);
        // mean time per token: 1.2 -> 1.5 over 40 -> 50
        assertEquals(0.03, m.tpotSeconds(), 1e-9);
        assertEquals(0.4, m.kvCacheUsage(), 1e-12);
        assertEquals(0, m.waiting());
        assertTrue(Double.isNaN(m.prefixHitRate()));
    }

    @Test
    void translate_reservationOverPool_clampedToOne() throws Exception {
        PodMetrics m = translator.translate(PrometheusTextParser.parse("""
                tgi_batch_current_max_tokens 400
                tgi_batch_max_total_tokens 300
                """), ScrapeMemory.EMPTY, T1).metrics();
        assertEquals(1.0, m.kvCacheUsage());
    }

    @Test
    void translate_noPoolSize_kvUnknown() throws Exception {
        PodMetrics m = translator.translate(PrometheusTextParser.parse("tgi_batch_current_max_tokens 400\n"),
                ScrapeMemory.EMPTY, T1).metrics();
        assertTrue(Double.isNaN(m.kvCacheUsage()));
        assertEquals(-1, m.kvCapacityTokens());
        assertEquals(-1, m.running());
    }
}
