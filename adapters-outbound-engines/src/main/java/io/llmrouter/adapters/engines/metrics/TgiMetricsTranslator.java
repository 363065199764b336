package io.llmrouter.adapters.engines.metrics;

import static io.llmrouter.adapters.engines.metrics.MetricsTranslator.countOrUnknown;

import io.llmrouter.domain.metrics.PodMetrics;
import java.time.Instant;
import java.util.Set;

/**
 * TGI ({@code tgi_*}, engines.md A.3) to {@link PodMetrics}. TGI has no KV gauge, no TTFT histogram,
 * no prefix cache metric and no adapter list, so some fields are proxies and some stay unknown.
 *
 * <ul>
 * <li>running / waiting: {@code tgi_batch_current_size} / {@code tgi_queue_size}.</li>
 * <li>KV usage (proxy): {@code tgi_batch_current_max_tokens / tgi_batch_max_total_tokens}, the
 *     running batch's token reservation over the pool, clamped to 0..1; unknown without a pool
 *     size. Capacity: {@code tgi_batch_max_total_tokens}.</li>
 * <li>TPOT: interval mean of {@code tgi_request_mean_time_per_token_duration}.</li>
 * <li>TTFT (proxy): interval mean of {@code tgi_request_queue_duration} plus that of
 *     {@code tgi_batch_forward_duration{method="prefill"}} (time queued, then one prefill step);
 *     unknown while either is.</li>
 * <li>prefix hit rate: unknown ({@code NaN}); LoRA: no adapters, slots -1.</li>
 * </ul>
 */
public final class TgiMetricsTranslator implements MetricsTranslator {

    @Override
    public Translation translate(MetricFamilies families, ScrapeMemory previous, Instant scrapedAt) {
        ScrapeMemory.Updater memory = previous.update();
        double queue = memory.histogramMean("queue", families, "tgi_request_queue_duration");
        double prefill = memory.mean("prefill",
                MetricFamilies.sumOf(families.samples("tgi_batch_forward_duration_sum", "method", "prefill")),
                MetricFamilies.sumOf(families.samples("tgi_batch_forward_duration_count", "method", "prefill")));
        double tpot = memory.histogramMean("tpot", families, "tgi_request_mean_time_per_token_duration");
        double pool = families.max("tgi_batch_max_total_tokens");
        PodMetrics metrics = new PodMetrics(
                countOrUnknown(families.sum("tgi_batch_current_size")),
                countOrUnknown(families.sum("tgi_queue_size")),
                kvUsage(families.sum("tgi_batch_current_max_tokens"), pool),
                queue + prefill, tpot, Set.of(), -1, Double.NaN,
                Double.isNaN(pool) || pool <= 0 ? -1 : Math.round(pool), scrapedAt);
        return new Translation(metrics, memory.build());
    }

    /** NaN propagates: no reservation or no pool reads as unknown. */
    private static double kvUsage(double reserved, double pool) {
        if (!(pool > 0)) {
            return Double.NaN;
        }
        return Math.min(1.0, Math.max(0.0, reserved / pool));
    }
}
