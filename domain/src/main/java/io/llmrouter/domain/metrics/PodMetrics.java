package io.llmrouter.domain.metrics;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Set;

/**
 * One engine pod's live state, engine-neutral, as read from its {@code /metrics} at {@code scrapedAt}.
 *
 * <p>A value the engine does not expose is {@code NaN} (doubles) or {@code -1} (counts), never 0, so
 * that "unknown" is not mistaken for "idle". Latencies are means over the latest scrape interval in
 * which requests finished (histogram deltas), in seconds: an interval without new observations
 * keeps the previous mean (as Kthena does), and they are {@code NaN} until the first such interval.
 *
 * @param running          requests in the running batch (summed over data-parallel engines)
 * @param waiting          requests queued in the engine
 * @param kvCacheUsage     fraction 0..1 of KV-cache blocks in use (max over engines)
 * @param ttftSeconds      mean time to first token over the interval
 * @param tpotSeconds      mean inter-token latency over the interval
 * @param loadedLoras      LoRA adapters loaded (running or waiting) on the pod
 * @param maxLoras         LoRA slots ({@code max_lora}); -1 unknown
 * @param prefixHitRate    prefix-cache hit rate 0..1 over the interval
 * @param kvCapacityTokens KV-cache capacity in tokens; -1 unknown
 * @param kvBlockSize      tokens per KV block, as the engine hashes them (vLLM's
 *                         {@code cache_config_info{block_size}}); -1 unknown
 * @param engineStartSeconds when the engine's process started, Unix seconds on the engine's clock
 *                         ({@code process_start_time_seconds}); a new value means the engine restarted
 *                         and its KV cache is empty. {@code NaN} unknown
 * @param scrapedAt        when the scrape finished
 */
public record PodMetrics(int running, int waiting, double kvCacheUsage, double ttftSeconds, double tpotSeconds,
                         Set<String> loadedLoras, int maxLoras, double prefixHitRate, long kvCapacityTokens,
                         int kvBlockSize, double engineStartSeconds, Instant scrapedAt) {

    /** Without the engine's block size and start time (engines that do not report them). */
    public PodMetrics(int running, int waiting, double kvCacheUsage, double ttftSeconds, double tpotSeconds,
                      Set<String> loadedLoras, int maxLoras, double prefixHitRate, long kvCapacityTokens,
                      Instant scrapedAt) {
        this(running, waiting, kvCacheUsage, ttftSeconds, tpotSeconds, loadedLoras, maxLoras, prefixHitRate,
                kvCapacityTokens, -1, Double.NaN, scrapedAt);
    }

    public PodMetrics {
        loadedLoras = Set.copyOf(requireNonNull(loadedLoras, "'loadedLoras' must not be null"));
        requireNonNull(scrapedAt, "'scrapedAt' must not be null");
    }

    /** True when the engine reports KV usage (TGI only approximates it; some exporters omit it). */
    public boolean hasKvCacheUsage() {
        return !Double.isNaN(kvCacheUsage);
    }

    public boolean hasLatency() {
        return !Double.isNaN(ttftSeconds) && !Double.isNaN(tpotSeconds) && ttftSeconds > 0 && tpotSeconds > 0;
    }

    /** LoRA slots still free, or -1 when the engine does not say how many it has. */
    public int freeLoraSlots() {
        return maxLoras < 0 ? -1 : Math.max(0, maxLoras - loadedLoras.size());
    }
}
