package io.llmrouter.application.observe;

import static java.util.Objects.requireNonNull;

import io.llmrouter.application.inference.InferenceOutcome;
import io.llmrouter.application.inference.RouterError;
import io.llmrouter.domain.inference.TokenUsage;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.tenancy.Principal;
import io.llmrouter.domain.scheduling.framework.DecisionTrace;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything worth knowing about one finished {@code /v1/*} request, built once on its thread and
 * handed to every {@link RequestObserver}: Kthena's access log fields (request id, model, route,
 * server, pod, upstream status and attempts, tokens, timing breakdown) plus each attempt and the
 * scheduling decision. Immutable, so observers may keep it and read it on another thread.
 *
 * @param model         the model the client asked for; empty when the body could not be read
 * @param status        the HTTP status the client got (or was about to get when it left)
 * @param errorMessage  empty for a success
 * @param upstreamStatus the last engine status, 0 when no engine answered
 * @param caller        who sent it ({@link Principal#ANONYMOUS} without authentication or before it)
 */
public record RequestRecord(Instant startedAt, String requestId, String method, String path, String protocol,
                            String model, Optional<ResourceId> route, Optional<ResourceId> server,
                            Optional<ResourceId> pod, Optional<String> upstreamModel, int status, ErrorType errorType,
                            String errorMessage, int upstreamStatus, List<InferenceOutcome.Attempt> attempts,
                            TokenUsage usage, RequestTimings timings, Optional<DecisionTrace> decision,
                            boolean stream, Principal caller, List<InferenceOutcome.Leg> legs) {

    /** The model label of metrics: the model when a route knows it, else {@code "unknown"} (bounded). */
    public static final String UNKNOWN_MODEL = "unknown";

    public RequestRecord {
        requireNonNull(startedAt, "'startedAt' must not be null");
        requireNonNull(requestId, "'requestId' must not be null");
        requireNonNull(model, "'model' must not be null");
        requireNonNull(errorType, "'errorType' must not be null");
        attempts = List.copyOf(attempts);
        requireNonNull(caller, "'caller' must not be null");
        legs = List.copyOf(legs);
    }

    /** Where the request came from, as the inbound adapter saw it. */
    public record Arrival(Instant at, String requestId, String method, String path, String protocol) {
    }

    /** A request that reached {@code HandleInference}; {@code status} is what the client was sent. */
    public static RequestRecord of(Arrival arrival, String model, boolean stream, Principal caller,
                                   InferenceOutcome outcome, int status, RequestTimings timings) {
        InferenceOutcome.Trail t = outcome.trail();
        int upstream = t.tries().isEmpty() ? 0 : t.tries().get(t.tries().size() - 1).status();
        ErrorType type;
        String message = "";
        TokenUsage usage = TokenUsage.UNKNOWN;
        switch (outcome) {
            case InferenceOutcome.Relayed relayed -> {
                usage = relayed.result().usage();
                type = !relayed.result().complete() ? ErrorType.PROXY
                        : relayed.result().status() < 400 ? ErrorType.SUCCESSFUL_REQUEST : ErrorType.REQUEST_FAILED;
                message = relayed.result().complete() ? "" : "the engine's response broke off";
            }
            case InferenceOutcome.Rejected rejected -> {
                type = ErrorType.of(rejected.error().kind());
                message = rejected.error().message();
            }
            case InferenceOutcome.Abandoned abandoned -> {
                type = ErrorType.CLIENT_DISCONNECTED;
                message = "client disconnected";
            }
        }
        return new RequestRecord(arrival.at(), arrival.requestId(), arrival.method(), arrival.path(),
                arrival.protocol(), model, t.route(), t.server(), t.pod(), t.upstreamModel(), status, type, message,
                upstream, t.tries(), usage, timings, t.decision(), stream, caller, t.legs());
    }

    /** A request the router refused before routing (unreadable body, too large, wrong content type). */
    public static RequestRecord refused(Arrival arrival, RouterError error, int status, RequestTimings timings) {
        return new RequestRecord(arrival.at(), arrival.requestId(), arrival.method(), arrival.path(),
                arrival.protocol(), "", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), status,
                ErrorType.of(error.kind()), error.message(), 0, List.of(), TokenUsage.UNKNOWN, timings,
                Optional.empty(), false, Principal.ANONYMOUS, List.of());
    }

    /** A request that ended outside the usual paths: the client left mid-body, or a bug threw. */
    public static RequestRecord failed(Arrival arrival, ErrorType type, int status, String message,
                                       RequestTimings timings) {
        return new RequestRecord(arrival.at(), arrival.requestId(), arrival.method(), arrival.path(),
                arrival.protocol(), "", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), status,
                type, message, 0, List.of(), TokenUsage.UNKNOWN, timings, Optional.empty(), false, Principal.ANONYMOUS,
                List.of());
    }

    /** The model as a metric label: bounded by the routes, {@value #UNKNOWN_MODEL} when none served it. */
    public String modelLabel() {
        return route.isPresent() ? model : UNKNOWN_MODEL;
    }

    public String pathLabel() {
        return ApiPaths.label(path);
    }

    public boolean clientGone() {
        return errorType == ErrorType.CLIENT_DISCONNECTED;
    }
}
