package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.validation.HostPort;
import java.util.Optional;
import java.util.Set;

/**
 * A StaticEndpoint document (this router's bare-metal stand-in for a pod) to a {@link Pod}:
 * {@code spec.address} is {@code host:port}, or a host alone to use the ModelServer's workloadPort;
 * {@code spec.ready} (default true) takes an endpoint out of rotation without deleting it.
 */
final class StaticEndpointTranslator {

    private StaticEndpointTranslator() {
    }

    static Optional<Pod> translate(ObjectMeta meta, YamlFields spec, DocumentContext ctx) {
        spec.warnUnknown(Set.of("address", "ready"));
        boolean ready = spec.bool("ready").orElse(true);
        Optional<String> address = spec.string("address");
        if (address.isEmpty()) {
            ctx.error(spec.node(), spec.path("address"), "is required; write the engine's host:port, e.g."
                    + " 10.0.0.5:8000, or the host alone to use the ModelServer's workloadPort");
            return Optional.empty();
        }
        Optional<String> problem = HostPort.problem(address.get());
        if (problem.isPresent()) {
            ctx.error(spec.raw("address").orElseThrow(), spec.path("address"), problem.get());
            return Optional.empty();
        }
        HostPort hostPort = HostPort.parse(address.get()).orElseThrow();
        return Optional.of(new Pod(meta, hostPort.host(), hostPort.port(), ready));
    }
}
