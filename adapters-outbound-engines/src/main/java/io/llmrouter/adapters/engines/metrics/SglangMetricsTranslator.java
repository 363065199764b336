package io.llmrouter.adapters.engines.metrics;

import static io.llmrouter.adapters.engines.metrics.MetricsTranslator.countOrUnknown;

import io.llmrouter.domain.metrics.PodMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * SGLang ({@code sglang:*}, engines.md A.2) to {@link PodMetrics}.
 *
 * <p>Scheduler gauges come once per tensor/pipeline-parallel rank, all saying the same thing about
 * one scheduler. Per scheduler (one per {@code dp_rank}; one in all without that label) the
 * {@code tp_rank="0"} series is read, or, when no series has rank 0, the max over ranks. Schedulers
 * are then combined: running, waiting and KV capacity summed, KV usage maxed, hit rate averaged.
 *
 * <ul>
 * <li>running / waiting: {@code sglang:num_running_reqs} / {@code sglang:num_queue_reqs}.</li>
 * <li>KV usage: {@code sglang:token_usage}; capacity: {@code sglang:max_total_num_tokens}.</li>
 * <li>prefix hit rate: the {@code sglang:cache_hit_rate} gauge (SGLang computes it itself), else
 *     Δ{@code sglang:cached_tokens_total} / Δ{@code sglang:prompt_tokens_total} by {@link HistogramDelta}.</li>
 * <li>TTFT: {@code sglang:time_to_first_token_seconds}; TPOT: {@code sglang:inter_token_latency_seconds},
 *     else the older {@code sglang:time_per_output_token_seconds}; interval means by {@link HistogramDelta}.</li>
 * <li>LoRA: SGLang exposes no adapter list; no adapters, slots -1.</li>
 * </ul>
 */
public final class SglangMetricsTranslator implements MetricsTranslator {

    @Override
    public Translation translate(MetricFamilies families, ScrapeMemory previous, Instant scrapedAt) {
        ScrapeMemory.Updater memory = previous.update();
        double ttft = memory.histogramMean("ttft", families, "sglang:time_to_first_token_seconds");
        double tpot = memory.histogramMean("tpot", families, families.contains("sglang:inter_token_latency_seconds_count")
                ? "sglang:inter_token_latency_seconds" : "sglang:time_per_output_token_seconds");
        double capacity = perScheduler(families, "sglang:max_total_num_tokens", MetricFamilies::sumOf);
        // Tracked on every scrape so the fallback has its previous totals when the gauge is missing.
        double counterHitRate = memory.mean("prefix", families.sum("sglang:cached_tokens_total"),
                families.sum("sglang:prompt_tokens_total"));
        double gaugeHitRate = perScheduler(families, "sglang:cache_hit_rate", SglangMetricsTranslator::meanOf);
        PodMetrics metrics = new PodMetrics(
                countOrUnknown(perScheduler(families, "sglang:num_running_reqs", MetricFamilies::sumOf)),
                countOrUnknown(perScheduler(families, "sglang:num_queue_reqs", MetricFamilies::sumOf)),
                perScheduler(families, "sglang:token_usage", MetricFamilies::maxOf),
                ttft, tpot, Set.of(), -1,
                Double.isNaN(gaugeHitRate) ? counterHitRate : gaugeHitRate,
                Double.isNaN(capacity) ? -1 : Math.round(capacity), scrapedAt);
        return new Translation(metrics, memory.build());
    }

    /** One value per scheduler (its rank-0 series, else its max), combined across schedulers. */
    static double perScheduler(MetricFamilies families, String name, ToDoubleFunction<List<Sample>> combine) {
        Map<String, List<Sample>> byScheduler = new LinkedHashMap<>();
        for (Sample sample : families.samples(name)) {
            String dpRank = sample.label("dp_rank");
            byScheduler.computeIfAbsent(dpRank == null ? "" : dpRank, k -> new ArrayList<>()).add(sample);
        }
        List<Sample> oneEach = new ArrayList<>();
        for (List<Sample> ranks : byScheduler.values()) {
            oneEach.add(oneRank(ranks));
        }
        return combine.applyAsDouble(oneEach);
    }

    private static Sample oneRank(List<Sample> ranks) {
        Sample chosen = null;
        for (Sample sample : ranks) {
            boolean rankZero = "0".equals(sample.label("tp_rank"));
            boolean chosenRankZero = chosen != null && "0".equals(chosen.label("tp_rank"));
            if (chosen == null || (rankZero && !chosenRankZero)
                    || (rankZero == chosenRankZero && sample.value() > chosen.value())) {
                chosen = sample;
            }
        }
        return chosen;
    }

    private static double meanOf(List<Sample> samples) {
        return samples.isEmpty() ? Double.NaN : MetricFamilies.sumOf(samples) / samples.size();
    }
}
