package io.llmrouter.sim.metrics;

import io.llmrouter.sim.core.EngineObserver;
import io.llmrouter.sim.core.EngineSnapshot;
import io.llmrouter.sim.core.FinishReason;
import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.SimRequest;
import io.llmrouter.sim.core.StepPlan;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * vLLM V1 {@code /metrics} (engines.md A.1): labels {@code engine} and {@code model_name}, counters
 * with {@code _total}, vLLM's exact histogram buckets, prefix-cache counters in tokens,
 * {@code vllm:lora_requests_info} valued with a Unix timestamp whose stale series are kept, and
 * {@code vllm:cache_config_info}, and the process collector's {@code process_start_time_seconds}. With legacy names on, the ≈0.10 names are emitted as well.
 *
 * <p>Updated by engine callbacks and rendered under the engine lock (see {@link EngineObserver}).
 */
public final class VllmMetrics implements EngineObserver {

    static final double[] TTFT_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5,
        5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    static final double[] ITL_BUCKETS = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0,
        7.5, 10.0, 20.0, 40.0, 80.0};
    static final double[] REQUEST_LATENCY_BUCKETS = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0,
        40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};
    static final double[] ITERATION_TOKEN_BUCKETS = {1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384};

    private final Map<String, String> labels;
    private final Profile profile;
    private final int maxLoras;
    private final VllmHistograms histograms;
    private final Map<FinishReason, Long> finished = new EnumMap<>(FinishReason.class);
    /** (running adapters, waiting adapters) -> last Unix time seen; never pruned, like vLLM. */
    private final Map<List<String>, Double> loraSeries = new LinkedHashMap<>();
    private long promptTokens;
    private long generationTokens;
    private long prefixQueries;
    private long prefixHits;
    private long externalQueries;
    private long externalHits;
    private long preemptions;
    private final boolean loraEnabled;
    /**
     * When this engine "process" started (Unix seconds, wall clock, as prometheus_client's process
     * collector reports it): a simulator started again on the same ports is a restarted engine, and
     * this is how a router can tell even when the KV-event sequence seems to continue.
     */
    private final double startSeconds = System.currentTimeMillis() / 1000.0;

    public VllmMetrics(String modelName, Profile profile, int maxLoras) {
        this(modelName, profile, maxLoras, true);
    }

    /**
     * {@code loraEnabled}: the engine was started with adapters (vLLM's {@code --enable-lora}); without
     * it, {@code vllm:lora_requests_info} appears only once a request has used an adapter loaded at
     * run time, so a LoRA-less engine does not advertise LoRA slots it does not have.
     */
    public VllmMetrics(String modelName, Profile profile, int maxLoras, boolean loraEnabled) {
        this.loraEnabled = loraEnabled;
        this.labels = Map.of("engine", "0", "model_name", modelName);
        this.profile = profile;
        this.maxLoras = maxLoras;
        this.histograms = new VllmHistograms(profile.maxModelLen());
        for (FinishReason reason : FinishReason.values()) {
            finished.put(reason, 0L);
        }
    }

    public long prefixQueries() {
        return prefixQueries;
    }

    public long prefixHits() {
        return prefixHits;
    }

    public long preemptions() {
        return preemptions;
    }

    @Override
    public void prefixLookup(SimRequest request, int queriedTokens, int hitTokens) {
        prefixQueries += queriedTokens;
        prefixHits += hitTokens;
    }

    @Override
    public void externalPrefixLoaded(SimRequest request, int queriedTokens, int tokens) {
        externalQueries += queriedTokens;
        externalHits += tokens;
    }

    @Override
    public void stepFinished(StepPlan step) {
        histograms.iterationTokens.observe(step.totalTokens());
    }

    @Override
    public void tokenEmitted(SimRequest request, long gapNanos) {
        generationTokens++;
        if (gapNanos < 0) {
            promptTokens += request.promptTokens();
            histograms.ttft.observe(seconds(request.firstTokenNanos() - request.arrivalNanos()));
            histograms.prefillKvComputed.observe(request.promptTokens() - request.cachedTokens());
        } else {
            histograms.itl.observe(seconds(gapNanos));
        }
    }

    @Override
    public void requestPreempted(SimRequest request) {
        preemptions++;
    }

    @Override
    public void requestFinished(SimRequest request, FinishReason reason) {
        finished.merge(reason, 1L, Long::sum);
        if (reason != FinishReason.ABORT) {
            histograms.recordFinished(request);
        }
    }

    /** Records the LoRA state seen now (vLLM does so on every stats update). */
    public void recordLoraState(EngineSnapshot snapshot, double unixSeconds) {
        boolean adaptersInUse = !snapshot.runningAdapters().isEmpty() || !snapshot.waitingAdapters().isEmpty();
        if (!loraEnabled && loraSeries.isEmpty() && !adaptersInUse) {
            return;
        }
        List<String> key = List.of(String.join(",", snapshot.runningAdapters()),
            String.join(",", snapshot.waitingAdapters()));
        loraSeries.put(key, unixSeconds);
    }

    /** Appends the whole exposition. */
    public void render(StringBuilder out, EngineSnapshot snapshot, boolean legacyNames) {
        PromText text = new PromText(out);
        gauge(text, "vllm:num_requests_running", "Number of requests in model execution batches.", snapshot.running());
        gauge(text, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", snapshot.waiting());
        text.header("vllm:num_requests_waiting_by_reason", "gauge", "Number of requests waiting, by reason.");
        text.sample("vllm:num_requests_waiting_by_reason", with("reason", "capacity"), snapshot.waiting());
        text.sample("vllm:num_requests_waiting_by_reason", with("reason", "deferred"), 0);
        gauge(text, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", snapshot.kvUsage());
        if (legacyNames) {
            gauge(text, "vllm:gpu_cache_usage_perc", "GPU KV-cache usage. 1 means 100 percent usage.",
                snapshot.kvUsage());
        }
        counter(text, "vllm:num_preemptions", "Cumulative number of preemption from the engine.", preemptions);
        counter(text, "vllm:prompt_tokens", "Number of prefill tokens processed.", promptTokens);
        counter(text, "vllm:generation_tokens", "Number of generation tokens processed.", generationTokens);
        counter(text, "vllm:prefix_cache_queries", "Prefix cache queries, in terms of number of queried tokens.",
            prefixQueries);
        counter(text, "vllm:prefix_cache_hits", "Prefix cache hits, in terms of number of cached tokens.", prefixHits);
        counter(text, "vllm:external_prefix_cache_queries",
            "External prefix cache queries from KV connector cross-instance cache sharing, in terms of number of "
                + "queried tokens.", externalQueries);
        counter(text, "vllm:external_prefix_cache_hits",
            "External prefix cache hits from KV connector cross-instance cache sharing, in terms of number of "
                + "cached tokens.", externalHits);
        text.header("vllm:request_success_total", "counter", "Count of successfully processed requests.");
        finished.forEach((reason, count) ->
            text.sample("vllm:request_success_total", with("finished_reason", reason.wireName()), count));
        histograms.render(text, labels, legacyNames);
        renderLora(text);
        renderCacheConfig(text);
        // vLLM's API server (one process, the default) exposes prometheus_client's process collector
        text.header("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.");
        text.sample("process_start_time_seconds", Map.of(), startSeconds);
    }

    /** When this engine started, Unix seconds ({@code process_start_time_seconds}). */
    public double startSeconds() {
        return startSeconds;
    }

    private void renderLora(PromText text) {
        if (loraSeries.isEmpty()) {
            return;
        }
        text.header("vllm:lora_requests_info", "gauge", "Running stats on lora requests.");
        loraSeries.forEach((key, timestamp) -> text.sample("vllm:lora_requests_info", Map.of(
            "max_lora", Integer.toString(maxLoras), "running_lora_adapters", key.get(0),
            "waiting_lora_adapters", key.get(1)), timestamp));
    }

    private void renderCacheConfig(PromText text) {
        Map<String, String> info = new TreeMap<>();
        info.put("block_size", Integer.toString(profile.blockSize()));
        info.put("cache_dtype", "auto");
        info.put("calculate_kv_scales", "False");
        info.put("cpu_offload_gb", "0");
        info.put("enable_prefix_caching", "True");
        info.put("engine", "0");
        info.put("gpu_memory_utilization", "0.9");
        info.put("is_attention_free", "False");
        info.put("kv_cache_size_tokens", Long.toString(profile.capacityTokens()));
        info.put("num_cpu_blocks", "None");
        info.put("num_gpu_blocks", Integer.toString(profile.numGpuBlocks()));
        info.put("num_gpu_blocks_override", "None");
        info.put("prefix_caching_hash_algo", "sha256");
        info.put("sliding_window", "None");
        info.put("swap_space", "4");
        text.header("vllm:cache_config_info", "gauge", "Information of the LLMEngine CacheConfig");
        text.sample("vllm:cache_config_info", info, 1.0);
    }

    private void gauge(PromText text, String name, String help, double value) {
        text.header(name, "gauge", help).sample(name, labels, value);
    }

    private void counter(PromText text, String name, String help, long value) {
        text.header(name + "_total", "counter", help).sample(name + "_total", labels, value);
    }

    private Map<String, String> with(String name, String value) {
        Map<String, String> extended = new TreeMap<>(labels);
        extended.put(name, value);
        return extended;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
