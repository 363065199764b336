package io.llmrouter.sim.metrics;

import io.llmrouter.sim.core.EngineObserver;
import io.llmrouter.sim.core.EngineSnapshot;
import io.llmrouter.sim.core.FinishReason;
import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.SimRequest;
import io.llmrouter.sim.core.StepPlan;
import java.util.Map;

/**
 * SGLang {@code /metrics} (engines.md A.2). Scheduler gauges carry {@code model_name},
 * {@code engine_type}, {@code tp_rank}, {@code pp_rank}; tokenizer-side counters and histograms
 * carry {@code model_name} and {@code engine_type}.
 *
 * <p>{@code sglang:cache_hit_rate} is computed inside SGLang's scheduler over recent prefill
 * batches; here it is the hit ratio over the last {@value #HIT_WINDOW} admitted requests.
 * {@code sglang:gen_throughput} is tokens of the last step over its duration. The ITL and e2e
 * bucket lists are approximations of SGLang's (23 bounds 0.002..8, and 0.1..2400).
 */
public final class SglangMetrics implements EngineObserver {

    static final double[] TTFT_BUCKETS = {0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8, 10, 20, 40, 60, 80, 100, 200, 400};
    static final double[] ITL_BUCKETS = {0.002, 0.004, 0.006, 0.008, 0.010, 0.015, 0.020, 0.025, 0.030, 0.035, 0.040,
        0.060, 0.080, 0.100, 0.200, 0.400, 0.600, 0.800, 1.0, 2.0, 4.0, 6.0, 8.0};
    static final double[] E2E_BUCKETS = {0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8, 10, 20, 40, 60, 80, 100, 200, 400,
        600, 1200, 1800, 2400};
    private static final int HIT_WINDOW = 64;

    private final Map<String, String> schedulerLabels;
    private final Map<String, String> tokenizerLabels;
    private final Profile profile;
    private final Histogram ttft = new Histogram(TTFT_BUCKETS);
    private final Histogram itl = new Histogram(ITL_BUCKETS);
    private final Histogram e2e = new Histogram(E2E_BUCKETS);
    private final int[][] recentHits = new int[HIT_WINDOW][2];
    private int recentIndex;
    private long promptTokens;
    private long generationTokens;
    private long cachedTokens;
    private long requests;
    private long aborted;
    private double genThroughput;

    public SglangMetrics(String modelName, String engineType, Profile profile) {
        this.schedulerLabels = Map.of("model_name", modelName, "engine_type", engineType, "tp_rank", "0", "pp_rank", "0");
        this.tokenizerLabels = Map.of("model_name", modelName, "engine_type", engineType);
        this.profile = profile;
    }

    @Override
    public void prefixLookup(SimRequest request, int queriedTokens, int hitTokens) {
        recentHits[recentIndex % HIT_WINDOW][0] = queriedTokens;
        recentHits[recentIndex % HIT_WINDOW][1] = hitTokens;
        recentIndex++;
    }

    @Override
    public void stepFinished(StepPlan step) {
        genThroughput = step.durationNanos() == 0 ? 0 : step.requests().size() / (step.durationNanos() / 1e9);
    }

    @Override
    public void tokenEmitted(SimRequest request, long gapNanos) {
        generationTokens++;
        if (gapNanos < 0) {
            promptTokens += request.promptTokens();
            cachedTokens += request.cachedTokens();
            ttft.observe((request.firstTokenNanos() - request.arrivalNanos()) / 1e9);
        } else {
            itl.observe(gapNanos / 1e9);
        }
    }

    @Override
    public void requestFinished(SimRequest request, FinishReason reason) {
        requests++;
        if (reason == FinishReason.ABORT) {
            aborted++;
        } else {
            e2e.observe((request.finishedNanos() - request.arrivalNanos()) / 1e9);
        }
    }

    public void render(StringBuilder out, EngineSnapshot snapshot) {
        PromText text = new PromText(out);
        long usedTokens = (long) snapshot.usedBlocks() * profile.blockSize();
        gauge(text, "sglang:num_running_reqs", "The number of running requests.", snapshot.running());
        gauge(text, "sglang:num_queue_reqs", "The number of requests in the waiting queue.", snapshot.waiting());
        gauge(text, "sglang:num_used_tokens", "The number of used tokens.", usedTokens);
        gauge(text, "sglang:max_total_num_tokens", "Maximum total number of tokens in the KV cache pool.",
            profile.capacityTokens());
        gauge(text, "sglang:token_usage", "The token usage.", snapshot.kvUsage());
        gauge(text, "sglang:cache_hit_rate", "The prefix cache hit rate.", recentHitRate());
        gauge(text, "sglang:gen_throughput", "The generation throughput (token/s).", genThroughput);
        counter(text, "sglang:prompt_tokens_total", "Number of prefill tokens processed.", promptTokens);
        counter(text, "sglang:generation_tokens_total", "Number of generation tokens processed.", generationTokens);
        counter(text, "sglang:cached_tokens_total", "Number of cached prompt tokens.", cachedTokens);
        counter(text, "sglang:num_requests_total", "Number of requests processed.", requests);
        counter(text, "sglang:num_aborted_requests_total", "Number of requests aborted.", aborted);
        histogram(text, "sglang:time_to_first_token_seconds", "Histogram of time to first token in seconds.", ttft);
        histogram(text, "sglang:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.", itl);
        histogram(text, "sglang:e2e_request_latency_seconds", "Histogram of End-to-end request latency in seconds",
            e2e);
    }

    private double recentHitRate() {
        long queried = 0;
        long hit = 0;
        for (int[] entry : recentHits) {
            queried += entry[0];
            hit += entry[1];
        }
        return queried == 0 ? 0 : hit / (double) queried;
    }

    private void gauge(PromText text, String name, String help, double value) {
        text.header(name, "gauge", help).sample(name, schedulerLabels, value);
    }

    private void counter(PromText text, String name, String help, long value) {
        text.header(name, "counter", help).sample(name, tokenizerLabels, value);
    }

    private void histogram(PromText text, String name, String help, Histogram h) {
        text.header(name, "histogram", help).histogram(name, tokenizerLabels, h);
    }
}
