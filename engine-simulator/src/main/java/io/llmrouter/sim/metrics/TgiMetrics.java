package io.llmrouter.sim.metrics;

import io.llmrouter.sim.core.EngineObserver;
import io.llmrouter.sim.core.FinishReason;
import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.SimRequest;
import io.llmrouter.sim.core.StepPlan;
import java.util.Map;

/**
 * TGI {@code /metrics} (engines.md A.3): {@code tgi_*} names, no colon, no {@code _total} suffix,
 * no KV-usage gauge; {@code tgi_batch_current_max_tokens} (the batch's token reservation,
 * prompt + max_new_tokens of each running request) and {@code tgi_batch_max_total_tokens} (pool
 * capacity). Duration histograms use TGI's 35 geometric buckets 0.0001 x 1.5^k. Values are
 * printed the Rust way ({@code 3}, {@code 0.5}). The HTTP layer adds the request counters.
 */
public final class TgiMetrics implements EngineObserver {

    private final Profile profile;
    private final Histogram duration = durations();
    private final Histogram queueDuration = durations();
    private final Histogram inferenceDuration = durations();
    private final Histogram meanTimePerToken = durations();
    private final Histogram forwardPrefill = durations();
    private final Histogram forwardDecode = durations();
    private final Histogram inputLength;
    private final Histogram generatedTokens;
    private long success;
    private long prefillSteps;
    private long decodeSteps;
    private long reservedTokens;

    public TgiMetrics(Profile profile) {
        this.profile = profile;
        this.inputLength = new Histogram(Histogram.linear(profile.maxModelLen(), 100));
        this.generatedTokens = new Histogram(Histogram.linear(profile.maxModelLen(), 100));
    }

    @Override
    public void requestQueued(SimRequest request) {
        reservedTokens += request.promptTokens() + request.maxTokens();
    }

    @Override
    public void stepFinished(StepPlan step) {
        if (step.prefillTokens() > 0) {
            prefillSteps++;
            forwardPrefill.observe(step.durationNanos() / 1e9);
        }
        if (step.decodeSeqs() > 0) {
            decodeSteps++;
            forwardDecode.observe(step.durationNanos() / 1e9);
        }
    }

    @Override
    public void requestFinished(SimRequest request, FinishReason reason) {
        reservedTokens -= request.promptTokens() + request.maxTokens();
        if (reason == FinishReason.ABORT) {
            return;
        }
        success++;
        duration.observe((request.finishedNanos() - request.arrivalNanos()) / 1e9);
        queueDuration.observe((request.scheduledNanos() - request.arrivalNanos()) / 1e9);
        inferenceDuration.observe((request.finishedNanos() - request.scheduledNanos()) / 1e9);
        meanTimePerToken.observe((request.finishedNanos() - request.scheduledNanos()) / 1e9
            / Math.max(1, request.outputTokens()));
        inputLength.observe(request.promptTokens());
        generatedTokens.observe(request.outputTokens());
    }

    /**
     * @param requestCount all requests received by the HTTP layer
     * @param failures     requests answered with an error
     * @param running      requests in the running batch
     * @param waiting      requests in the queue
     */
    public void render(StringBuilder out, long requestCount, long failures, int running, int waiting) {
        RustText text = new RustText(out);
        text.gauge("tgi_queue_size", waiting);
        text.gauge("tgi_batch_current_size", running);
        text.gauge("tgi_batch_current_max_tokens", Math.max(0, reservedTokens));
        text.gauge("tgi_batch_max_total_tokens", profile.capacityTokens());
        text.counter("tgi_request_count", Map.of(), requestCount);
        text.counter("tgi_request_success", Map.of(), success);
        text.counter("tgi_request_failure", Map.of("err", "generation"), failures);
        text.counter("tgi_batch_inference_count", Map.of("method", "prefill"), prefillSteps);
        text.counter("tgi_batch_inference_count", Map.of("method", "decode"), decodeSteps);
        text.histogram("tgi_request_duration", Map.of(), duration);
        text.histogram("tgi_request_queue_duration", Map.of(), queueDuration);
        text.histogram("tgi_request_inference_duration", Map.of(), inferenceDuration);
        text.histogram("tgi_request_mean_time_per_token_duration", Map.of(), meanTimePerToken);
        text.histogram("tgi_batch_forward_duration", Map.of("method", "prefill"), forwardPrefill);
        text.histogram("tgi_batch_forward_duration", Map.of("method", "decode"), forwardDecode);
        text.histogram("tgi_request_input_length", Map.of(), inputLength);
        text.histogram("tgi_request_generated_tokens", Map.of(), generatedTokens);
    }

    private static Histogram durations() {
        return new Histogram(Histogram.geometric(0.0001, 1.5, 35));
    }
}
