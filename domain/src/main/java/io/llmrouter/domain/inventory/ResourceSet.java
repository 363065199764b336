package io.llmrouter.domain.inventory;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.server.ModelServer;
import java.util.List;

/** A complete, consistent set of the documents the router serves from: routes, servers and pods. */
public record ResourceSet(List<ModelRoute> routes, List<ModelServer> servers, List<Pod> pods) {

    public static final ResourceSet EMPTY = new ResourceSet(List.of(), List.of(), List.of());

    public ResourceSet {
        routes = List.copyOf(requireNonNull(routes, "'routes' must not be null"));
        servers = List.copyOf(requireNonNull(servers, "'servers' must not be null"));
        pods = List.copyOf(requireNonNull(pods, "'pods' must not be null"));
    }
}
