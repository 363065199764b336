package io.llmrouter.adapters.engines.metrics;

import static io.llmrouter.adapters.engines.metrics.MetricsTranslator.countOrUnknown;

import io.llmrouter.domain.metrics.PodMetrics;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * vLLM (V1, and the ≈0.8–0.10 names) to {@link PodMetrics} (engines.md A.1).
 *
 * <ul>
 * <li>running / waiting: {@code vllm:num_requests_running} / {@code _waiting}, summed over every
 *     series (one per data-parallel {@code engine}).</li>
 * <li>KV usage: {@code vllm:kv_cache_usage_perc}, else the pre-0.10 {@code vllm:gpu_cache_usage_perc};
 *     the max over engines (the fullest engine is the one that preempts first).</li>
 * <li>TTFT: {@code vllm:time_to_first_token_seconds}; TPOT: {@code vllm:inter_token_latency_seconds},
 *     else the pre-0.11 {@code vllm:time_per_output_token_seconds}; interval means by
 *     {@link HistogramDelta}, {@code _sum} and {@code _count} summed over engines.</li>
 * <li>prefix hit rate: Δ{@code vllm:prefix_cache_hits_total} / Δ{@code vllm:prefix_cache_queries_total}
 *     (tokens), else the pre-0.9 {@code vllm:gpu_prefix_cache_*} pair (blocks in 0.8; a ratio either way).</li>
 * <li>KV capacity: Σ over engines of {@code num_gpu_blocks × block_size} from the labels of
 *     {@code vllm:cache_config_info}; -1 before the engine is ready ({@code num_gpu_blocks="None"}).</li>
 * <li>KV block size: the {@code block_size} label of {@code vllm:cache_config_info}, the size vLLM
 *     hashes its prefix-cache blocks by (and so its KV events' blocks); -1 when absent, or when
 *     data-parallel engines disagree (no single size would be right).</li>
 * <li>engine start: {@code process_start_time_seconds} (prometheus_client's process collector, which
 *     vLLM's API server exposes with one API server process, the default); a new value is a restart
 *     even when the KV-event sequence hides it. NaN when absent (multiprocess mode). It is read from
 *     {@code /proc} (boot time in whole seconds), so it may be up to a second early: only an old
 *     process's blocks stored in its very last second could be kept, and a vLLM restart (the model
 *     loads for many seconds before the first event) has none.</li>
 * <li>LoRA: the {@code vllm:lora_requests_info} series with the largest value (a Unix timestamp;
 *     vLLM never removes stale label combinations), its running ∪ waiting adapters and
 *     {@code max_lora}; no series means LoRA is off: no adapters, slots -1.</li>
 * </ul>
 */
public final class VllmMetricsTranslator implements MetricsTranslator {

    static final String LORA_INFO = "vllm:lora_requests_info";

    @Override
    public Translation translate(MetricFamilies families, ScrapeMemory previous, Instant scrapedAt) {
        ScrapeMemory.Updater memory = previous.update();
        double ttft = memory.histogramMean("ttft", families, "vllm:time_to_first_token_seconds");
        double tpot = memory.histogramMean("tpot", families, families.contains("vllm:inter_token_latency_seconds_count")
                ? "vllm:inter_token_latency_seconds" : "vllm:time_per_output_token_seconds");
        String prefix = families.contains("vllm:prefix_cache_queries_total") ? "vllm:prefix_cache_" : "vllm:gpu_prefix_cache_";
        double hitRate = memory.mean("prefix", families.sum(prefix + "hits_total"), families.sum(prefix + "queries_total"));
        Sample lora = newestLoraSeries(families.samples(LORA_INFO));
        PodMetrics metrics = new PodMetrics(
                countOrUnknown(families.sum("vllm:num_requests_running")),
                countOrUnknown(families.sum("vllm:num_requests_waiting")),
                families.max(firstPresent(families, "vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc")),
                ttft, tpot, adapters(lora), maxLoras(lora), hitRate, capacityTokens(families), blockSize(families),
                families.max("process_start_time_seconds"), scrapedAt);
        return new Translation(metrics, memory.build());
    }

    private static String firstPresent(MetricFamilies families, String current, String legacy) {
        return families.contains(current) ? current : legacy;
    }

    /** The series updated last: its value is the Unix time of its last update. */
    static Sample newestLoraSeries(List<Sample> series) {
        Sample newest = null;
        for (Sample sample : series) {
            if (newest == null || sample.value() > newest.value()) {
                newest = sample;
            }
        }
        return newest;
    }

    private static Set<String> adapters(Sample lora) {
        Set<String> names = new LinkedHashSet<>();
        if (lora != null) {
            addNames(names, lora.label("running_lora_adapters"));
            addNames(names, lora.label("waiting_lora_adapters"));
        }
        return names;
    }

    /** vLLM joins adapter names with "," and no spaces; blanks are trimmed anyway. */
    private static void addNames(Set<String> names, String joined) {
        if (joined == null) {
            return;
        }
        for (String name : joined.split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
    }

    private static int maxLoras(Sample lora) {
        long slots = lora == null ? -1 : parseCount(lora.label("max_lora"));
        return (int) Math.min(slots, Integer.MAX_VALUE);
    }

    private static long capacityTokens(MetricFamilies families) {
        List<Sample> engines = families.samples("vllm:cache_config_info");
        long total = 0;
        for (Sample engine : engines) {
            long blocks = parseCount(engine.label("num_gpu_blocks"));
            long blockSize = parseCount(engine.label("block_size"));
            if (blocks < 0 || blockSize < 0) {
                return -1;
            }
            total += blocks * blockSize;
        }
        return engines.isEmpty() ? -1 : total;
    }

    /** The engines' common {@code block_size}; -1 if none reports one or they disagree. */
    static int blockSize(MetricFamilies families) {
        long size = -1;
        for (Sample engine : families.samples("vllm:cache_config_info")) {
            long s = parseCount(engine.label("block_size"));
            if (s <= 0 || s > Integer.MAX_VALUE || (size > 0 && s != size)) {
                return -1;
            }
            size = s;
        }
        return (int) size;
    }

    /** A non-negative integer label ("61440"), or -1 for absent, {@code "None"} or anything else. */
    static long parseCount(String label) {
        if (label == null || label.isEmpty() || label.length() > 18) {
            return -1;
        }
        for (int i = 0; i < label.length(); i++) {
            if (label.charAt(i) < '0' || label.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(label);
    }
}
