package io.llmrouter.domain.scheduling.framework;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.server.ModelServer;

/** What the scheduler knows about the request it places: the requested model and its ModelServer. */
public record SchedulingRequest(String model, ModelServer server) {

    public SchedulingRequest {
        requireNonNull(model, "'model' must not be null");
        requireNonNull(server, "'server' must not be null");
    }
}
