package io.llmrouter.domain.pod;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import java.util.OptionalInt;

/**
 * An engine endpoint: a Kubernetes pod (address = pod IP) or a static bare-metal endpoint
 * (address = host, optionally with its own port). Only ready pods receive traffic.
 */
public record Pod(ObjectMeta meta, String address, OptionalInt port, boolean ready) {

    public Pod {
        requireNonNull(meta, "'meta' must not be null");
        requireNonNull(address, "'address' must not be null");
        requireNonNull(port, "'port' must not be null");
    }

    public ResourceId id() {
        return meta.id();
    }

    /** The port to call: the endpoint's own, else the ModelServer's workload port. */
    public int portOr(int workloadPort) {
        return port.orElse(workloadPort);
    }
}
