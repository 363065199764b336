package io.llmrouter.application.inference;

import static java.util.Objects.requireNonNull;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.RouterSnapshot;
import io.llmrouter.application.fairness.FairnessQueues;
import io.llmrouter.application.inference.InferenceOutcome.Trail;
import io.llmrouter.application.metrics.InFlightCounter;
import io.llmrouter.application.ratelimit.TokenBudgets;
import io.llmrouter.application.scheduling.ScheduleRequest;
import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.inference.InferenceRequest;
import io.llmrouter.domain.inference.UpstreamCall;
import io.llmrouter.domain.health.OutlierDetector;
import io.llmrouter.domain.health.OutlierDetector.Admission;
import io.llmrouter.domain.health.OutlierDetector.Outcome;
import io.llmrouter.domain.scheduling.pair.PairDecision;
import io.llmrouter.domain.pd.PdPods;
import io.llmrouter.domain.pd.PdSettings;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.ratelimit.Reservation;
import io.llmrouter.domain.port.PdGateway;
import io.llmrouter.domain.port.EngineGateway;
import io.llmrouter.domain.port.ResponseSink;
import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.route.RouteResult;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.Decision;
import io.llmrouter.domain.scheduling.framework.Retraction;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.RetryPolicy;
import io.llmrouter.domain.trace.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Serves one inference request end to end: match a route, find its ModelServer and ready pods,
 * rank them, and forward, retrying on the next ranked pod while nothing has reached the client.
 * Each attempt counts as in flight to its pod until it ends, and is reported to the scheduler as
 * dispatched (the prefix index learns at once what the pod will hold), and taken back if the
 * connection was refused. Each attempt's outcome goes to the outlier detector, which may take a
 * failing pod out of rotation; an attempt skips a ranked pod the detector refuses (ejected since
 * the ranking, or half-open with its trial already out) when another ranked pod is admitted.
 */
public final class HandleInference {

    /** Response header carrying the decision summary, for callers allowed to see it. */
    public static final String DECISION_HEADER = "x-llm-router-decision";

    private final Datastore datastore;
    private final ScheduleRequest scheduler;
    private final EngineGateway gateway;
    private final InFlightCounter inFlight;
    private final RandomGenerator random;
    private final Sleeper sleeper;
    private final Ticker ticker;
    private final OutlierDetector health;
    /** The forward step of PD servers (pdGroup); the scheduling and settling around it are this class's. */
    private final PdForward pd;
    private final TokenBudgets budgets;
    private volatile FairnessQueues fairness = FairnessQueues.DISABLED; // set once at wiring, before traffic

    public HandleInference(Datastore datastore, ScheduleRequest scheduler, EngineGateway gateway,
                           InFlightCounter inFlight, RandomGenerator random, Sleeper sleeper) {
        this(datastore, scheduler, gateway, inFlight, random, sleeper, Ticker.disabled());
    }

    /** {@code ticker} stamps when the first attempt starts (the request's timing breakdown); tests may disable it. */
    public HandleInference(Datastore datastore, ScheduleRequest scheduler, EngineGateway gateway,
                           InFlightCounter inFlight, RandomGenerator random, Sleeper sleeper, Ticker ticker) {
        this(datastore, scheduler, gateway, inFlight, random, sleeper, ticker, OutlierDetector.disabled());
    }

    /** With passive health checking: every attempt's outcome is reported to {@code health}. */
    public HandleInference(Datastore datastore, ScheduleRequest scheduler, EngineGateway gateway,
                           InFlightCounter inFlight, RandomGenerator random, Sleeper sleeper, Ticker ticker,
                           OutlierDetector health) {
        this(datastore, scheduler, gateway, inFlight, random, sleeper, ticker, health, PdForward.UNAVAILABLE,
                PdSettings.DEFAULT);
    }

    /** With prefill/decode disaggregation: PD servers' pairs go through {@code pdGateway}. */
    public HandleInference(Datastore datastore, ScheduleRequest scheduler, EngineGateway gateway,
                           InFlightCounter inFlight, RandomGenerator random, Sleeper sleeper, Ticker ticker,
                           OutlierDetector health, PdGateway pdGateway, PdSettings pdSettings) {
        this(datastore, scheduler, gateway, inFlight, random, sleeper, ticker, health, pdGateway, pdSettings,
                TokenBudgets.NONE);
    }

    /** With token rate limits too: a matched request is admitted by {@code budgets} before it is forwarded. */
    public HandleInference(Datastore datastore, ScheduleRequest scheduler, EngineGateway gateway,
                           InFlightCounter inFlight, RandomGenerator random, Sleeper sleeper, Ticker ticker,
                           OutlierDetector health, PdGateway pdGateway, PdSettings pdSettings, TokenBudgets budgets) {
        this.budgets = requireNonNull(budgets, "'budgets' must not be null");
        this.pd = new PdForward(scheduler, pdGateway, gateway, inFlight, health, sleeper, ticker, pdSettings);
        this.health = requireNonNull(health, "'health' must not be null");
        this.datastore = requireNonNull(datastore, "'datastore' must not be null");
        this.scheduler = requireNonNull(scheduler, "'scheduler' must not be null");
        this.gateway = requireNonNull(gateway, "'gateway' must not be null");
        this.inFlight = requireNonNull(inFlight, "'inFlight' must not be null");
        this.random = requireNonNull(random, "'random' must not be null");
        this.sleeper = requireNonNull(sleeper, "'sleeper' must not be null");
        this.ticker = requireNonNull(ticker, "'ticker' must not be null");
    }

    /** With fairness queues: an admitted request waits in its model's queue until released. */
    public HandleInference withFairness(FairnessQueues queues) {
        this.fairness = requireNonNull(queues, "'queues' must not be null");
        return this;
    }

    public InferenceOutcome handle(InferenceRequest request, ResponseSink sink) {
        if (!request.caller().mayUse(request.model())) {
            // Before routing, so that a restricted key learns nothing about which models exist.
            return reject(ErrorKind.MODEL_NOT_ALLOWED, "The credential of tenant '" + request.caller().tenant()
                    + "' may not use model '" + request.model() + "'.", Trail.NONE);
        }
        RouterSnapshot snapshot = datastore.snapshot();
        return switch (route(request, snapshot)) {
            case RouteResult.UnknownModel unknown -> reject(ErrorKind.MODEL_NOT_FOUND, "The model '" + unknown.model()
                    + "' does not exist on this router. GET /v1/models lists the models it serves.", Trail.NONE);
            case RouteResult.NoRuleMatched none -> reject(ErrorKind.NO_MATCHING_RULE, "No rule of the "
                    + none.routesTried() + " route(s) for model '" + none.model() + "' matched this request.", Trail.NONE);
            case RouteResult.Matched matched -> toTarget(request, matched, snapshot, sink);
        };
    }

    private InferenceOutcome toTarget(InferenceRequest request, RouteResult.Matched matched, RouterSnapshot snapshot,
                                      ResponseSink sink) {
        ResourceId routeId = matched.route().id();
        Trail trail = new Trail(Optional.of(routeId), Optional.empty(), Optional.empty(), 0);
        if (matched.target().modelServerName().isEmpty()) {
            return reject(ErrorKind.NOT_IMPLEMENTED, "ModelRoute " + routeId + " sends this request to an external "
                    + "model provider, which this router does not support yet.", trail);
        }
        ResourceId serverId = new ResourceId(routeId.namespace(), matched.target().modelServerName().get());
        Optional<ModelServer> server = snapshot.server(serverId);
        if (server.isEmpty()) {
            return reject(ErrorKind.MODEL_SERVER_NOT_FOUND, "ModelRoute " + routeId + " targets ModelServer "
                    + serverId + ", which does not exist.", trail);
        }
        trail = trail.withServer(serverId);
        List<Pod> ready = snapshot.readyPods(serverId);
        if (ready.isEmpty()) {
            return reject(ErrorKind.NO_READY_POD, "ModelServer " + serverId + " has no ready pod to serve model '"
                    + request.model() + "'.", trail);
        }
        SchedulingRequest scheduling = new SchedulingRequest(request.model(),
                matched.lora() ? Optional.of(request.model()) : Optional.empty(), server.get(), request.prompt());
        if (server.get().selector().pdGroup().isPresent()) {
            return toPairs(request, matched, scheduling, snapshot.pdPods(serverId), ready, trail, sink);
        }
        Decision decision = rank(request, scheduling, ready);
        if (request.debug()) {
            sink.header(DECISION_HEADER, decision.trace().summary());
        }
        Optional<String> override = matched.lora() ? Optional.empty() : server.get().model();
        trail = trail.withDecision(decision.trace(), Optional.of(override.orElse(request.model())));
        if (decision.ranked().isEmpty()) {
            return reject(ErrorKind.NO_READY_POD, "Every pod of ModelServer " + serverId + " was filtered out: "
                    + decision.trace().fallbacks(), trail);
        }
        Trail ranked = trail;
        return withinBudget(matched, request, ready, ranked, sink,
                () -> forward(request, scheduling, decision.ranked(), override, ranked, sink));
    }

    /**
     * Token rate limits around the forward step, aggregated and PD alike: admitted (its headers set)
     * or refused with a 429 before anything is sent; then settled once the answer has ended.
     */
    private InferenceOutcome withinBudget(RouteResult.Matched matched, InferenceRequest request, List<Pod> ready,
                                          Trail trail, ResponseSink sink,
                                          java.util.function.Supplier<InferenceOutcome> forward) {
        TokenBudgets.Verdict verdict = budgets.admit(matched.route(), request);
        if (verdict instanceof TokenBudgets.Verdict.Refused refused) {
            return new InferenceOutcome.Rejected(refused.error(), trail);
        }
        TokenBudgets.Verdict.Admitted budget = (TokenBudgets.Verdict.Admitted) verdict;
        budget.headers().forEach(h -> sink.header(h.name(), h.value()));
        InferenceOutcome outcome = null;
        FairnessQueues.Slot slot = FairnessQueues.Slot.NONE;
        try {
            slot = fairness.enter(request, ready, sink);
            outcome = slot.released() ? forward.get()
                    : slot.clientGone() ? new InferenceOutcome.Abandoned(trail)
                    : new InferenceOutcome.Rejected(slot.refusal().orElseThrow(), trail);
            if (slot != FairnessQueues.Slot.NONE) {
                outcome = InferenceOutcome.queued(outcome, slot.waitNanos()); // the access log's duration_queue_wait
            }
            return outcome;
        } finally {
            slot.close();
            settle(budget.reservation(), slot, outcome);
        }
    }

    /**
     * The one place an answer's real usage is charged: what the engine served is paid for, what it
     * refused or never answered is refunded; a client that left keeps its reservation (the engine
     * may have worked for it). A bug that threw leaves {@code outcome} null: refunded.
     */
    private static void settle(Reservation reservation, FairnessQueues.Slot fair, InferenceOutcome outcome) {
        fair.charge(outcome instanceof InferenceOutcome.Relayed r && r.result().status() < 400 ? r.result().usage() : null);
        if (reservation.isEmpty()) {
            return;
        }
        switch (outcome) {
            case InferenceOutcome.Relayed relayed when relayed.result().status() < 400 ->
                    reservation.settleUsed(relayed.result().usage());
            case InferenceOutcome.Abandoned left when left.trail().attempts() == 0 -> reservation.refund(); // left the queue
            case InferenceOutcome.Abandoned abandoned ->
                    reservation.settleUsed(io.llmrouter.domain.inference.TokenUsage.UNKNOWN);
            case null, default -> reservation.refund();
        }
    }

    /** A PD server: rank prefill/decode pairs, forward through them ({@link PdForward}), settle as usual. */
    private InferenceOutcome toPairs(InferenceRequest request, RouteResult.Matched matched,
                                     SchedulingRequest scheduling, PdPods pods, List<Pod> ready, Trail trail,
                                     ResponseSink sink) {
        PairDecision decision;
        try (Span span = request.trace().child("schedule")) {
            decision = scheduler.rankPairs(request.requestId(), scheduling, pods);
            span.attribute("llm.model_server", scheduling.server().id().toString())
                    .attribute("llm.candidates", pods.decodePods().size()).attribute("llm.ranked", decision.pairs().size());
        }
        if (request.debug()) {
            sink.header(DECISION_HEADER, decision.trace().summary());
        }
        Optional<String> override = matched.lora() ? Optional.empty() : scheduling.server().model();
        trail = trail.withDecision(decision.trace(), Optional.of(override.orElse(request.model())));
        if (decision.pairs().isEmpty() && decision.decodeRanked().isEmpty()) {
            return reject(ErrorKind.NO_READY_POD, "ModelServer " + scheduling.server().id() + " has no usable "
                    + "prefill/decode pair: " + pods.decodePods().size() + " ready decode pod(s) "
                    + decision.trace().fallbacks(), trail);
        }
        Trail ranked = trail;
        return withinBudget(matched, request, ready, ranked, sink, () -> {
            PdForward.Forwarded done = pd.forward(request, scheduling, decision, override, ranked, sink);
            return finish(done.result(), scheduling.server(), done.trail(), sink);
        });
    }

    /** Requests of PD servers served decode-only because no prefill succeeded (for metrics). */
    public long decodeOnlyFallbacks() {
        return pd.decodeOnlyFallbacks();
    }

    /**
     * Tries the ranked pods in order, wrapping around when there are fewer pods than tries. Only
     * what cannot have reached the client is retried: a refused connection, a held-back 5xx, no
     * response headers within the timeout (the gateway closed that connection, which stops the
     * engine). When tries run out, a held-back engine 5xx is relayed even if a later try only failed
     * to connect or timed out: the engine's own words say more than the router's 502 or 504.
     */
    private InferenceOutcome forward(InferenceRequest request, SchedulingRequest scheduling, List<Candidate> ranked,
                                     Optional<String> modelOverride, Trail trail, ResponseSink sink) {
        ModelServer server = scheduling.server();
        RetryPolicy retry = server.trafficPolicy().retry();
        ForwardResult result = null;
        ForwardResult.ServerError heldBack = null;
        List<InferenceOutcome.Attempt> tries = new ArrayList<>(2);
        long forwardStart = ticker.nanos();
        for (int attempt = 1; attempt <= retry.maxTries(); attempt++) {
            if (attempt > 1 && !sleeper.pause(retry.interval())) {
                return new InferenceOutcome.Abandoned(trail);
            }
            Pick pick = pick(ranked, attempt);
            Pod pod = pick.pod();
            UpstreamCall call = new UpstreamCall(pod.address(), pod.portOr(server.workloadPort().port()), request,
                    modelOverride, server.trafficPolicy().timeout());
            Retraction learned = scheduler.dispatched(scheduling, pod);
            result = attempt(call, pod, attempt, pick.admission(), sink);
            if (result instanceof ForwardResult.ConnectFailed) {
                learned.retract(); // the pod never saw the prompt: it must not attract its next requests
            }
            tries.add(InferenceOutcome.Attempt.of(pod.id(), result));
            trail = trail.withAttempts(tries, forwardStart);
            if (result instanceof ForwardResult.ServerError error) {
                heldBack = error;
            }
            if (!result.retryable()) {
                break;
            }
        }
        if ((result instanceof ForwardResult.ConnectFailed || result instanceof ForwardResult.TimedOut)
                && heldBack != null) {
            result = heldBack;
        }
        return finish(result, server, trail, sink);
    }

    /** The pod of one attempt and what the outlier detector admitted it as. */
    private record Pick(Pod pod, Admission admission) {
    }

    /**
     * The ranked pod for this attempt (wrapping around when there are fewer pods than tries), or the
     * next one the detector admits. When none is admitted (every ranked pod is out), the first one
     * is tried anyway: the same panic rule as the ranking's.
     */
    private Pick pick(List<Candidate> ranked, int attempt) {
        int first = (attempt - 1) % ranked.size();
        for (int i = 0; i < ranked.size(); i++) {
            Pod pod = ranked.get((first + i) % ranked.size()).pod();
            Admission admission = health.admit(pod.id());
            if (admission != Admission.REFUSED) {
                return new Pick(pod, admission);
            }
        }
        return new Pick(ranked.get(first).pod(), Admission.REFUSED);
    }

    /** Route matching under a "route" span (the stages of a trace: parse, route, schedule, upstream). */
    private RouteResult route(InferenceRequest request, RouterSnapshot snapshot) {
        try (Span span = request.trace().child("route")) {
            RouteResult result = snapshot.routes().match(request.routeRequest(), random);
            span.attribute("llm.model", request.model()).attribute("llm.route.result", result.getClass().getSimpleName());
            return result;
        }
    }

    private Decision rank(InferenceRequest request, SchedulingRequest scheduling, List<Pod> ready) {
        try (Span span = request.trace().child("schedule")) {
            Decision decision = scheduler.rank(request.requestId(), scheduling, ready);
            span.attribute("llm.model_server", scheduling.server().id().toString())
                    .attribute("llm.candidates", ready.size()).attribute("llm.ranked", decision.ranked().size());
            return decision;
        }
    }

    /**
     * One attempt, counted in flight to its pod and traced as an outbound "upstream" span; the engine
     * gets that span as its {@code traceparent}, so its own spans nest under this attempt.
     */
    private ForwardResult attempt(UpstreamCall call, Pod pod, int attempt, Admission admission, ResponseSink sink) {
        // NEUTRAL unless the gateway returns: a trial that ends in a router bug must hand the trial on.
        Outcome outcome = Outcome.NEUTRAL;
        String detail = "no result";
        try (InFlightCounter.Lease lease = inFlight.acquire(pod.id());
             Span span = call.request().trace().outbound("upstream")) {
            span.attribute("llm.pod", pod.id().toString()).attribute("llm.attempt", attempt)
                    .attribute("server.address", call.authority());
            ForwardResult result = gateway.forward(call.withTraceparent(span.traceparent()), sink);
            span.attribute("llm.upstream.result", result.getClass().getSimpleName());
            switch (result) {
                case ForwardResult.Relayed relayed -> span.attribute("http.response.status_code", relayed.status());
                case ForwardResult.ServerError error -> span.error("HTTP " + error.status());
                case ForwardResult.TimedOut timedOut -> span.error(timedOut.reason());
                case ForwardResult.ConnectFailed failed -> span.error(failed.reason());
                case ForwardResult.ClientGone gone -> span.error("client gone");
                case ForwardResult.ShutDown shutDown -> span.error(shutDown.reason());
            }
            outcome = outcome(result);
            detail = detail(result);
            return result;
        } finally {
            health.report(pod.id(), admission, outcome, detail);
        }
    }

    /**
     * What an attempt says about its pod: connect failures, 5xx, timeouts and streams that broke are
     * the pod's failures; a 4xx is the request's fault and a client that left says nothing.
     */
    static Outcome outcome(ForwardResult result) {
        return switch (result) {
            case ForwardResult.Relayed r when r.status() >= 500 || !r.complete() -> Outcome.FAILURE;
            case ForwardResult.Relayed r when r.status() >= 400 -> Outcome.NEUTRAL;
            case ForwardResult.Relayed r -> Outcome.SUCCESS;
            case ForwardResult.ServerError e -> Outcome.FAILURE;
            case ForwardResult.ConnectFailed f -> Outcome.FAILURE;
            case ForwardResult.TimedOut t -> Outcome.FAILURE;
            case ForwardResult.ClientGone g -> Outcome.NEUTRAL;
            case ForwardResult.ShutDown d -> Outcome.NEUTRAL; // the router ended it, not the pod
        };
    }

    private static String detail(ForwardResult result) {
        return switch (result) {
            case ForwardResult.Relayed r -> r.complete() ? "HTTP " + r.status() : "stream broke after HTTP " + r.status();
            case ForwardResult.ServerError e -> "HTTP " + e.status();
            case ForwardResult.ConnectFailed f -> "connect failed: " + f.reason();
            case ForwardResult.TimedOut t -> "timed out: " + t.reason();
            case ForwardResult.ClientGone g -> "client gone";
            case ForwardResult.ShutDown d -> "ended by the router's shutdown";
        };
    }

    private InferenceOutcome finish(ForwardResult result, ModelServer server, Trail trail, ResponseSink sink) {
        return switch (result) {
            case ForwardResult.Relayed relayed -> new InferenceOutcome.Relayed(relayed, trail);
            case ForwardResult.ClientGone gone -> new InferenceOutcome.Abandoned(trail);
            case ForwardResult.TimedOut timedOut -> reject(ErrorKind.UPSTREAM_TIMEOUT, "Pod " + trail.pod().orElseThrow()
                    + " of ModelServer " + server.id() + " did not answer in time: " + timedOut.reason(), trail);
            case ForwardResult.ConnectFailed failed -> reject(ErrorKind.UPSTREAM_UNAVAILABLE, "No pod of ModelServer "
                    + server.id() + " could be reached after " + trail.attempts() + " attempt(s): " + failed.reason(), trail);
            case ForwardResult.ServerError error -> relayHeldBack(error, trail, sink);
            case ForwardResult.ShutDown shutDown -> reject(ErrorKind.SHUTTING_DOWN, "The router is shutting down and "
                    + "ended this request before the engine answered; send it again (another router replica will take it).",
                    trail);
        };
    }

    /** Out of retries: the last engine error goes to the client unchanged, as if there had been no retry. */
    private static InferenceOutcome relayHeldBack(ForwardResult.ServerError error, Trail trail, ResponseSink sink) {
        try {
            sink.start(error.status(), error.headers());
            sink.write(error.body(), 0, error.body().length);
            sink.flush();
        } catch (ResponseSink.ClientGoneException e) {
            return new InferenceOutcome.Abandoned(trail);
        }
        return new InferenceOutcome.Relayed(new ForwardResult.Relayed(error.status(), true), trail);
    }

    private static InferenceOutcome reject(ErrorKind kind, String message, Trail trail) {
        return new InferenceOutcome.Rejected(RouterError.of(kind, message), trail);
    }
}
