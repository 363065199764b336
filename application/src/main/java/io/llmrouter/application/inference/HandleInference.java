package io.llmrouter.application.inference;

import static java.util.Objects.requireNonNull;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.RouterSnapshot;
import io.llmrouter.application.inference.InferenceOutcome.Trail;
import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.inference.InferenceRequest;
import io.llmrouter.domain.inference.UpstreamCall;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.port.EngineGateway;
import io.llmrouter.domain.port.ResponseSink;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.route.RouteResult;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.RetryPolicy;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Serves one inference request end to end: match a route, find its ModelServer and ready pods,
 * rank them, and forward, retrying on the next ranked pod while nothing has reached the client.
 */
public final class HandleInference {

    private final Datastore datastore;
    private final Supplier<SchedulingProfile> profile;
    private final EngineGateway gateway;
    private final RandomGenerator random;
    private final Sleeper sleeper;

    public HandleInference(Datastore datastore, Supplier<SchedulingProfile> profile, EngineGateway gateway,
                           RandomGenerator random, Sleeper sleeper) {
        this.datastore = requireNonNull(datastore, "'datastore' must not be null");
        this.profile = requireNonNull(profile, "'profile' must not be null");
        this.gateway = requireNonNull(gateway, "'gateway' must not be null");
        this.random = requireNonNull(random, "'random' must not be null");
        this.sleeper = requireNonNull(sleeper, "'sleeper' must not be null");
    }

    public InferenceOutcome handle(InferenceRequest request, ResponseSink sink) {
        RouterSnapshot snapshot = datastore.snapshot();
        return switch (snapshot.routes().match(request.routeRequest(), random)) {
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
        trail = new Trail(trail.route(), Optional.of(serverId), Optional.empty(), 0);
        List<Pod> ranked = profile.get().rank(new SchedulingRequest(request.model(), server.get()),
                snapshot.readyPods(serverId), random);
        if (ranked.isEmpty()) {
            return reject(ErrorKind.NO_READY_POD, "ModelServer " + serverId + " has no ready pod to serve model '"
                    + request.model() + "'.", trail);
        }
        Optional<String> override = matched.lora() ? Optional.empty() : server.get().model();
        return forward(request, server.get(), ranked, override, trail, sink);
    }

    private InferenceOutcome forward(InferenceRequest request, ModelServer server, List<Pod> ranked,
                                     Optional<String> modelOverride, Trail trail, ResponseSink sink) {
        RetryPolicy retry = server.trafficPolicy().retry();
        ForwardResult result = null;
        Pod pod = null;
        for (int attempt = 1; attempt <= retry.maxTries(); attempt++) {
            if (attempt > 1 && !pause(retry)) {
                return new InferenceOutcome.Abandoned(trail);
            }
            pod = ranked.get((attempt - 1) % ranked.size());
            UpstreamCall call = new UpstreamCall(pod.address(), pod.portOr(server.workloadPort().port()), request,
                    modelOverride, server.trafficPolicy().timeout());
            result = gateway.forward(call, sink);
            trail = new Trail(trail.route(), trail.server(), Optional.of(pod.id()), attempt);
            if (!result.retryable()) {
                break;
            }
        }
        return finish(result, server, trail, sink);
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

    private boolean pause(RetryPolicy retry) {
        try {
            sleeper.sleep(retry.interval());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static InferenceOutcome reject(ErrorKind kind, String message, Trail trail) {
        return new InferenceOutcome.Rejected(RouterError.of(kind, message), trail);
    }
}
