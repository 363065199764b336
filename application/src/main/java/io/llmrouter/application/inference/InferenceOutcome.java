package io.llmrouter.application.inference;

import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.resource.ResourceId;
import java.util.Optional;

/** How one request ended, for the caller to finish the response and for logs and metrics. */
public sealed interface InferenceOutcome {

    /** Attempts made, and the route, server and pod of the last one (empty before routing succeeded). */
    Trail trail();

    /** The engine's answer was relayed to the client (the last attempt's {@code result}). */
    record Relayed(ForwardResult.Relayed result, Trail trail) implements InferenceOutcome {
    }

    /** The router answers with an error; nothing has been sent to the client yet. */
    record Rejected(RouterError error, Trail trail) implements InferenceOutcome {
    }

    /** The client disconnected; there is no one to answer. */
    record Abandoned(Trail trail) implements InferenceOutcome {
    }

    record Trail(Optional<ResourceId> route, Optional<ResourceId> server, Optional<ResourceId> pod, int attempts) {

        static final Trail NONE = new Trail(Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }
}
