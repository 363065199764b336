package io.llmrouter.application.inference;

import static java.util.Objects.requireNonNull;

import io.llmrouter.application.inference.InferenceOutcome.Trail;
import io.llmrouter.application.metrics.InFlightCounter;
import io.llmrouter.application.scheduling.ScheduleRequest;
import io.llmrouter.domain.health.OutlierDetector;
import io.llmrouter.domain.health.OutlierDetector.Admission;
import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.inference.InferenceRequest;
import io.llmrouter.domain.inference.UpstreamCall;
import io.llmrouter.domain.pd.KvConnector;
import io.llmrouter.domain.pd.Pair;
import io.llmrouter.domain.pd.PairCall;
import io.llmrouter.domain.scheduling.pair.PairDecision;
import io.llmrouter.domain.pd.PairResult;
import io.llmrouter.domain.pd.PdRole;
import io.llmrouter.domain.pd.PdSettings;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.port.EngineGateway;
import io.llmrouter.domain.port.PdGateway;
import io.llmrouter.domain.port.ResponseSink;
import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.scheduling.framework.Retraction;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.RetryPolicy;
import io.llmrouter.domain.trace.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The forward step of a prefill/decode request: tries the ranked pairs in order, as many tries as
 * {@code trafficPolicy.retry} allows (wrapping around when there are fewer pairs), pausing its
 * interval between tries, and only while nothing has reached the client: a decode that broke after
 * its first byte ends the request (Kthena retries there and writes a second response).
 *
 * <ul>
 *   <li>prefill 4xx: that answer went to the client (the request is at fault, not the pod);</li>
 *   <li>prefill 5xx, unreachable or timed out: the next pair; when no try is left, the best decode
 *       pod computes the prompt itself (decode-only, {@link PdSettings#decodeOnlyFallback}), counted;</li>
 *   <li>decode failure before a byte: the next pair.</li>
 * </ul>
 * Each leg is counted in flight to its own pod for as long as it runs, traced as its own outbound
 * span ({@code prefill} / {@code decode}), timed, and reported to passive health checking; the prefix
 * index learns both pods (the prefill pod computed the prompt's KV, the decode pod holds it after the
 * transfer), each taken back if its leg never reached the pod. The result goes back to
 * {@link HandleInference}, which settles it in the same single place as an aggregated answer: the
 * decode leg's usage only, so usage is counted once.
 */
final class PdForward {

    /** For a router built without a PD gateway: every prefill fails, so PD servers are served decode-only. */
    static final PdGateway UNAVAILABLE = (call, sink) -> new PairResult.PrefillFailed(
            new ForwardResult.ConnectFailed("this router was built without prefill/decode support"));

    /** The {@link InferenceOutcome.Attempt} results of a prefill leg. */
    static final String PREFILLED = "prefilled";
    static final String DECODE_ONLY = "decode_only";

    private final ScheduleRequest scheduler;
    private final PdGateway pd;
    private final EngineGateway gateway;
    private final InFlightCounter inFlight;
    private final OutlierDetector health;
    private final Sleeper sleeper;
    private final Ticker ticker;
    private final PdSettings settings;
    /** Requests served decode-only because no prefill succeeded; read by metrics (lock-free counter). */
    private final AtomicLong decodeOnly = new AtomicLong();

    PdForward(ScheduleRequest scheduler, PdGateway pd, EngineGateway gateway, InFlightCounter inFlight,
              OutlierDetector health, Sleeper sleeper, Ticker ticker, PdSettings settings) {
        this.scheduler = requireNonNull(scheduler, "'scheduler' must not be null");
        this.pd = requireNonNull(pd, "'pd' must not be null");
        this.gateway = requireNonNull(gateway, "'gateway' must not be null");
        this.inFlight = requireNonNull(inFlight, "'inFlight' must not be null");
        this.health = requireNonNull(health, "'health' must not be null");
        this.sleeper = requireNonNull(sleeper, "'sleeper' must not be null");
        this.ticker = requireNonNull(ticker, "'ticker' must not be null");
        this.settings = requireNonNull(settings, "'settings' must not be null");
    }

    long decodeOnlyFallbacks() {
        return decodeOnly.get();
    }

    /** What the forward step ended with, for {@link HandleInference} to settle. */
    record Forwarded(ForwardResult result, Trail trail) {
    }

    Forwarded forward(InferenceRequest request, SchedulingRequest scheduling, PairDecision decision,
                      Optional<String> modelOverride, Trail trail, ResponseSink sink) {
        ModelServer server = scheduling.server();
        RetryPolicy retry = server.trafficPolicy().retry();
        KvConnector connector = KvConnector.of(server);
        List<InferenceOutcome.Attempt> tries = new ArrayList<>(4);
        List<InferenceOutcome.Leg> legTimes = new ArrayList<>(4);
        long start = ticker.nanos();
        ForwardResult result = new ForwardResult.ConnectFailed("no prefill/decode pair");
        ForwardResult.ServerError heldBack = null;
        boolean prefillFailedLast = decision.pairs().isEmpty();
        for (int attempt = 1; attempt <= retry.maxTries() && !decision.pairs().isEmpty(); attempt++) {
            if (attempt > 1 && !sleeper.pause(retry.interval())) {
                return new Forwarded(new ForwardResult.ClientGone(), trail);
            }
            Pair pair = decision.pairs().get((attempt - 1) % decision.pairs().size());
            LegTracker legs = new LegTracker(request, scheduling, pair, attempt);
            PairResult outcome = pd.forward(new PairCall(call(pair.prefill(), request, modelOverride, server),
                    call(pair.decode(), request, modelOverride, server), connector, settings, legs), sink);
            legs.record(outcome, tries, legTimes);
            trail = trail.withAttempts(tries, start).withLegs(legTimes);
            switch (outcome) {
                case PairResult.PrefillRejected rejected -> {
                    return new Forwarded(rejected.relayed(), trail);
                }
                case PairResult.PrefillFailed failed -> {
                    result = failed.result();
                    prefillFailedLast = true;
                }
                case PairResult.Decoded decoded -> {
                    result = decoded.decode();
                    prefillFailedLast = false;
                }
            }
            if (result instanceof ForwardResult.ServerError error) {
                heldBack = error;
            }
            if (!outcome.retryable()) {
                return new Forwarded(result, trail);
            }
        }
        if (prefillFailedLast && settings.decodeOnlyFallback() && !decision.decodeRanked().isEmpty()
                && !sink.committed()) {
            decodeOnly.incrementAndGet();
            Pod best = decision.decodeRanked().get(0);
            long began = ticker.nanos();
            result = decodeOnly(best, request, scheduling, modelOverride, server, sink);
            InferenceOutcome.Attempt a = InferenceOutcome.Attempt.of(best.id(), result);
            legTimes.add(new InferenceOutcome.Leg("decode-only", best.id(), a.status(), a.result(), ticker.nanos() - began));
            tries.add(new InferenceOutcome.Attempt(best.id(), DECODE_ONLY + "_" + a.result(), a.status()));
            trail = trail.withAttempts(tries, start).withLegs(legTimes);
        }
        if ((result instanceof ForwardResult.ConnectFailed || result instanceof ForwardResult.TimedOut)
                && heldBack != null) {
            result = heldBack;
        }
        return new Forwarded(result, trail);
    }

    private static UpstreamCall call(Pod pod, InferenceRequest request, Optional<String> modelOverride,
                                     ModelServer server) {
        return new UpstreamCall(pod.address(), pod.portOr(server.workloadPort().port()), request, modelOverride,
                server.trafficPolicy().timeout());
    }

    /** The whole request on one decode pod, which computes the prompt itself. */
    private ForwardResult decodeOnly(Pod pod, InferenceRequest request, SchedulingRequest scheduling,
                                     Optional<String> modelOverride, ModelServer server, ResponseSink sink) {
        Retraction learned = scheduler.dispatched(scheduling, pod);
        Admission admission = health.admit(pod.id());
        ForwardResult result = null;
        try (InFlightCounter.Lease lease = inFlight.acquire(pod.id());
             Span span = request.trace().outbound("decode")) {
            span.attribute("llm.pod", pod.id().toString()).attribute("llm.pd.role", "decode-only");
            UpstreamCall call = call(pod, request, modelOverride, server);
            result = gateway.forward(call.withTraceparent(span.traceparent()), sink);
            span.attribute("llm.upstream.result", result.getClass().getSimpleName());
            return result;
        } finally {
            if (result instanceof ForwardResult.ConnectFailed) {
                learned.retract();
            }
            health.report(pod.id(), admission, result == null ? OutlierDetector.Outcome.NEUTRAL
                    : HandleInference.outcome(result), result == null ? "no result" : result.getClass().getSimpleName());
        }
    }

    /**
     * The legs of one pair attempt as the gateway runs them: each counted in flight to its pod, traced,
     * timed, learned by the prefix index and reported to health checking when it ends.
     */
    private final class LegTracker implements PairCall.Legs {
        private final InferenceRequest request;
        private final SchedulingRequest scheduling;
        private final Pair pair;
        private final int attempt;
        /** Written by the leg's own thread, read after the gateway returned (which happens-after every close). */
        private final long[] nanos = new long[2];
        private final int[] status = new int[2];
        private final String[] words = {"not_sent", "not_sent"};

        LegTracker(InferenceRequest request, SchedulingRequest scheduling, Pair pair, int attempt) {
            this.request = request;
            this.scheduling = scheduling;
            this.pair = pair;
            this.attempt = attempt;
        }

        @Override
        public PairCall.Leg start(PdRole role) {
            Pod pod = role == PdRole.PREFILL ? pair.prefill() : pair.decode();
            Retraction learned = scheduler.dispatched(scheduling, pod);
            Admission admission = health.admit(pod.id());
            InFlightCounter.Lease lease = inFlight.acquire(pod.id());
            Span span = request.trace().outbound(role.wireName());
            span.attribute("llm.pod", pod.id().toString()).attribute("llm.attempt", attempt)
                    .attribute("llm.pd.role", role.wireName());
            long began = ticker.nanos();
            int i = role.ordinal();
            return new PairCall.Leg() {
                @Override
                public Optional<String> traceparent() {
                    return span.traceparent();
                }

                @Override
                public void ended(int code, String result) {
                    status[i] = code;
                    words[i] = result;
                }

                @Override
                public void close() {
                    nanos[i] = ticker.nanos() - began;
                    String word = words[i];
                    if (word.equals("connect_failed")) {
                        learned.retract(); // the pod never saw the prompt
                    }
                    span.attribute("llm.upstream.result", word).attribute("llm.pd.leg_ms", nanos[i] / 1_000_000);
                    if (status[i] > 0) {
                        span.attribute("http.response.status_code", status[i]);
                    }
                    if (status[i] >= 500 || word.equals("connect_failed") || word.equals("timed_out")) {
                        span.error(word + (status[i] > 0 ? " HTTP " + status[i] : ""));
                    }
                    span.close();
                    lease.close();
                    health.report(pod.id(), admission, legOutcome(word, status[i]), word);
                }
            };
        }

        /**
         * One attempt per pair try (so retries count pairs, as they count pods on the aggregated path):
         * the decode pod's result when the decode ran, else the prefill pod's {@code prefill_*} result;
         * and every leg that ran, with its duration.
         */
        void record(PairResult outcome, List<InferenceOutcome.Attempt> tries, List<InferenceOutcome.Leg> legTimes) {
            String prefill = prefillWord(outcome);
            legTimes.add(new InferenceOutcome.Leg("prefill", pair.prefill().id(), status[0], prefill, nanos[0]));
            if (outcome instanceof PairResult.Decoded decoded) {
                InferenceOutcome.Attempt d = InferenceOutcome.Attempt.of(pair.decode().id(), decoded.decode());
                tries.add(d);
                legTimes.add(new InferenceOutcome.Leg("decode", pair.decode().id(), d.status(), d.result(), nanos[1]));
            } else {
                tries.add(new InferenceOutcome.Attempt(pair.prefill().id(), prefill, status[0]));
            }
        }

        private String prefillWord(PairResult outcome) {
            return switch (outcome) {
                case PairResult.PrefillRejected r -> "prefill_rejected";
                case PairResult.PrefillFailed f -> "prefill_" + InferenceOutcome.Attempt.of(pair.prefill().id(),
                        f.result()).result();
                case PairResult.Decoded d -> status[0] >= 200 && status[0] < 300 ? PREFILLED : "prefill_" + words[0];
            };
        }
    }

    private static OutlierDetector.Outcome legOutcome(String word, int status) {
        if (status >= 500 || word.equals("connect_failed") || word.equals("timed_out") || word.equals("broken")) {
            return OutlierDetector.Outcome.FAILURE;
        }
        if (status >= 200 && status < 400 && !word.equals("client_gone") && !word.equals("cancelled")) {
            return OutlierDetector.Outcome.SUCCESS;
        }
        return OutlierDetector.Outcome.NEUTRAL;
    }
}
