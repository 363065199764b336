package io.llmrouter.application.inference;

import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.scheduling.framework.DecisionTrace;
import java.util.List;
import java.util.Optional;

/** How one request ended, for the caller to finish the response and for logs and metrics. */
public sealed interface InferenceOutcome {

    /** Attempts made, and the route, server and pod of the last one (empty before routing succeeded). */
    Trail trail();

    /** The same outcome with the time it waited in the fairness queue on its trail. */
    static InferenceOutcome queued(InferenceOutcome outcome, long queueNanos) {
        return switch (outcome) {
            case Relayed r -> new Relayed(r.result(), r.trail().withQueue(queueNanos));
            case Rejected r -> new Rejected(r.error(), r.trail().withQueue(queueNanos));
            case Abandoned a -> new Abandoned(a.trail().withQueue(queueNanos));
        };
    }

    /** The engine's answer was relayed to the client (the last attempt's {@code result}). */
    record Relayed(ForwardResult.Relayed result, Trail trail) implements InferenceOutcome {
    }

    /** The router answers with an error; nothing has been sent to the client yet. */
    record Rejected(RouterError error, Trail trail) implements InferenceOutcome {
    }

    /** The client disconnected; there is no one to answer. */
    record Abandoned(Trail trail) implements InferenceOutcome {
    }

    /**
     * What the request went through: route, server, the pod of the last attempt and the number of
     * attempts; each attempt's result ({@code tries}), the scheduling decision, the model name sent
     * to the engine, and when the first attempt started ({@code forwardStartNanos} on the
     * {@code Ticker} of {@link HandleInference}; 0 when none did). PD requests also list every leg
     * ({@code legs}: role, pod and duration); empty for an aggregated request. {@code queueNanos} is
     * the time the request waited in its fairness queue, -1 when it did not enter one (fairness off,
     * or refused before).
     */
    record Trail(Optional<ResourceId> route, Optional<ResourceId> server, Optional<ResourceId> pod, int attempts,
                 List<Attempt> tries, Optional<DecisionTrace> decision, Optional<String> upstreamModel,
                 long forwardStartNanos, List<Leg> legs, long queueNanos) {

        static final Trail NONE = new Trail(Optional.empty(), Optional.empty(), Optional.empty(), 0);

        public Trail {
            tries = List.copyOf(tries);
            legs = List.copyOf(legs);
        }

        public Trail(Optional<ResourceId> route, Optional<ResourceId> server, Optional<ResourceId> pod, int attempts) {
            this(route, server, pod, attempts, List.of(), Optional.empty(), Optional.empty(), 0, List.of(), -1);
        }

        Trail withServer(ResourceId id) {
            return new Trail(route, Optional.of(id), pod, attempts, tries, decision, upstreamModel, forwardStartNanos,
                    legs, queueNanos);
        }

        Trail withDecision(DecisionTrace trace, Optional<String> model) {
            return new Trail(route, server, pod, attempts, tries, Optional.of(trace), model, forwardStartNanos, legs,
                    queueNanos);
        }

        Trail withAttempts(List<Attempt> done, long forwardStart) {
            Optional<ResourceId> last = done.isEmpty() ? pod : Optional.of(done.get(done.size() - 1).pod());
            return new Trail(route, server, last, done.size(), done, decision, upstreamModel, forwardStart, legs,
                    queueNanos);
        }

        Trail withLegs(List<Leg> done) {
            return new Trail(route, server, pod, attempts, tries, decision, upstreamModel, forwardStartNanos, done,
                    queueNanos);
        }

        Trail withQueue(long nanos) {
            return new Trail(route, server, pod, attempts, tries, decision, upstreamModel, forwardStartNanos, legs, nanos);
        }

        /** The prefill pod of the last PD leg pair, empty for an aggregated request. */
        public Optional<ResourceId> prefillPod() {
            for (int i = legs.size() - 1; i >= 0; i--) {
                if (legs.get(i).role().equals("prefill")) {
                    return Optional.of(legs.get(i).pod());
                }
            }
            return Optional.empty();
        }
    }

    /** One PD leg: {@code role} prefill, decode or decode-only, its pod, how it ended and how long it took. */
    record Leg(String role, ResourceId pod, int status, String result, long nanos) {
    }

    /**
     * One try on one pod: {@code status} is the engine's HTTP status (0 when it gave none) and
     * {@code result} one of {@code relayed}, {@code server_error}, {@code connect_failed},
     * {@code timed_out}, {@code client_gone}.
     */
    record Attempt(ResourceId pod, String result, int status) {

        static Attempt of(ResourceId pod, ForwardResult r) {
            return switch (r) {
                case ForwardResult.Relayed relayed -> new Attempt(pod, "relayed", relayed.status());
                case ForwardResult.ServerError error -> new Attempt(pod, "server_error", error.status());
                case ForwardResult.ConnectFailed failed -> new Attempt(pod, "connect_failed", 0);
                case ForwardResult.TimedOut timedOut -> new Attempt(pod, "timed_out", 0);
                case ForwardResult.ClientGone gone -> new Attempt(pod, "client_gone", 0);
                case ForwardResult.ShutDown shutDown -> new Attempt(pod, "shut_down", 0);
            };
        }
    }
}
