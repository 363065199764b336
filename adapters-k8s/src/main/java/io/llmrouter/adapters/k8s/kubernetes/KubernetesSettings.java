package io.llmrouter.adapters.k8s.kubernetes;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What Kubernetes mode watches and how: one namespace or all ({@code namespace} empty), credentials
 * from {@code kubeconfig} or as the official client finds them ({@code KUBECONFIG}, {@code ~/.kube/config},
 * the in-cluster service account), the informers' resync period, and how often the API server is
 * probed to tell readiness whether the last state is still confirmed.
 */
public record KubernetesSettings(Optional<String> namespace, Optional<Path> kubeconfig, Duration resync,
                                 Duration probeInterval) {

    public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(5);
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);

    public KubernetesSettings {
        requireNonNull(namespace, "'namespace' must not be null");
        requireNonNull(kubeconfig, "'kubeconfig' must not be null");
        requireNonNull(resync, "'resync' must not be null");
        requireNonNull(probeInterval, "'probeInterval' must not be null");
        namespace = namespace.filter(n -> !n.isBlank());
        if (resync.isNegative() || probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("resync must be 0 or more and probeInterval positive, were "
                    + resync + " and " + probeInterval);
        }
    }

    public static KubernetesSettings defaults() {
        return new KubernetesSettings(Optional.empty(), Optional.empty(), DEFAULT_RESYNC, DEFAULT_PROBE_INTERVAL);
    }

    public KubernetesSettings withProbeInterval(Duration interval) {
        return new KubernetesSettings(namespace, kubeconfig, resync, interval);
    }

    /** {@code "namespace llm"} or {@code "all namespaces"}, for logs. */
    public String scope() {
        return namespace.map(n -> "namespace " + n).orElse("all namespaces");
    }
}
