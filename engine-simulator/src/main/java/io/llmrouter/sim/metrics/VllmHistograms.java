package io.llmrouter.sim.metrics;

import io.llmrouter.sim.core.SimRequest;
import java.util.Map;

/** The per-request and per-step histograms of vLLM V1, with their exact buckets. */
final class VllmHistograms {

    final Histogram ttft = new Histogram(VllmMetrics.TTFT_BUCKETS);
    final Histogram itl = new Histogram(VllmMetrics.ITL_BUCKETS);
    final Histogram tpot = new Histogram(VllmMetrics.ITL_BUCKETS);
    final Histogram e2e = new Histogram(VllmMetrics.REQUEST_LATENCY_BUCKETS);
    final Histogram queue = new Histogram(VllmMetrics.REQUEST_LATENCY_BUCKETS);
    final Histogram inference = new Histogram(VllmMetrics.REQUEST_LATENCY_BUCKETS);
    final Histogram prefill = new Histogram(VllmMetrics.REQUEST_LATENCY_BUCKETS);
    final Histogram decode = new Histogram(VllmMetrics.REQUEST_LATENCY_BUCKETS);
    final Histogram iterationTokens = new Histogram(VllmMetrics.ITERATION_TOKEN_BUCKETS);
    final Histogram promptTokens;
    final Histogram generationTokens;
    final Histogram maxGenerationTokens;
    final Histogram paramsMaxTokens;
    final Histogram paramsN;
    final Histogram prefillKvComputed;

    VllmHistograms(int maxModelLen) {
        double[] tokenBuckets = Histogram.oneTwoFive(maxModelLen);
        promptTokens = new Histogram(tokenBuckets);
        generationTokens = new Histogram(tokenBuckets);
        maxGenerationTokens = new Histogram(tokenBuckets);
        paramsMaxTokens = new Histogram(tokenBuckets);
        paramsN = new Histogram(1, 2, 5, 10, 20);
        prefillKvComputed = new Histogram(tokenBuckets);
    }

    void recordFinished(SimRequest request) {
        double arrival = request.arrivalNanos();
        e2e.observe((request.finishedNanos() - arrival) / 1e9);
        queue.observe((request.scheduledNanos() - arrival) / 1e9);
        inference.observe((request.finishedNanos() - request.scheduledNanos()) / 1e9);
        prefill.observe((request.firstTokenNanos() - request.scheduledNanos()) / 1e9);
        decode.observe((request.lastTokenNanos() - request.firstTokenNanos()) / 1e9);
        if (request.outputTokens() > 1) {
            tpot.observe((request.lastTokenNanos() - request.firstTokenNanos()) / 1e9 / (request.outputTokens() - 1));
        }
        promptTokens.observe(request.promptTokens());
        generationTokens.observe(request.outputTokens());
        maxGenerationTokens.observe(request.outputTokens());
        paramsMaxTokens.observe(request.maxTokens());
        paramsN.observe(1);
    }

    void render(PromText text, Map<String, String> labels, boolean legacyNames) {
        histogram(text, labels, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", ttft);
        histogram(text, labels, "vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.", itl);
        if (legacyNames) {
            histogram(text, labels, "vllm:time_per_output_token_seconds",
                "Histogram of time per output token in seconds.", itl);
        }
        histogram(text, labels, "vllm:request_time_per_output_token_seconds",
            "Histogram of time_per_output_token_seconds per request.", tpot);
        histogram(text, labels, "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", e2e);
        histogram(text, labels, "vllm:request_queue_time_seconds",
            "Histogram of time spent in WAITING phase for request.", queue);
        histogram(text, labels, "vllm:request_inference_time_seconds",
            "Histogram of time spent in RUNNING phase for request.", inference);
        histogram(text, labels, "vllm:request_prefill_time_seconds",
            "Histogram of time spent in PREFILL phase for request.", prefill);
        histogram(text, labels, "vllm:request_decode_time_seconds",
            "Histogram of time spent in DECODE phase for request.", decode);
        histogram(text, labels, "vllm:iteration_tokens_total", "Histogram of number of tokens per engine_step.",
            iterationTokens);
        histogram(text, labels, "vllm:request_prompt_tokens", "Number of prefill tokens processed.", promptTokens);
        histogram(text, labels, "vllm:request_generation_tokens", "Number of generation tokens processed.",
            generationTokens);
        histogram(text, labels, "vllm:request_max_num_generation_tokens",
            "Histogram of maximum number of requested generation tokens.", maxGenerationTokens);
        histogram(text, labels, "vllm:request_params_max_tokens", "Histogram of the max_tokens request parameter.",
            paramsMaxTokens);
        histogram(text, labels, "vllm:request_params_n", "Histogram of the n request parameter.", paramsN);
        histogram(text, labels, "vllm:request_prefill_kv_computed_tokens",
            "Histogram of new KV tokens computed during prefill (excluding cached tokens).", prefillKvComputed);
    }

    private static void histogram(PromText text, Map<String, String> labels, String name, String help, Histogram h) {
        text.header(name, "histogram", help).histogram(name, labels, h);
    }
}
