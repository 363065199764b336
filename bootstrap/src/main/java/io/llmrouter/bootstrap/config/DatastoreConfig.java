package io.llmrouter.bootstrap.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where routes, servers and endpoints come from: {@code standalone} (YAML files, polled) or
 * {@code kubernetes} (informers on the API server; one namespace, or all when {@code namespace} is
 * empty; credentials from {@code kubeconfig}, else as the official client finds them).
 */
public record DatastoreConfig(Mode mode, List<Path> files, Duration pollInterval, Optional<String> namespace,
                              Optional<Path> kubeconfig) {

    public enum Mode { STANDALONE, KUBERNETES }

    public DatastoreConfig {
        files = List.copyOf(files);
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new ConfigException("datastore.pollInterval must be positive, was " + pollInterval);
        }
        namespace = namespace.filter(n -> !n.isBlank());
    }

    /** Standalone files (or Kubernetes with the defaults: all namespaces, the client's own credentials). */
    public DatastoreConfig(Mode mode, List<Path> files, Duration pollInterval) {
        this(mode, files, pollInterval, Optional.empty(), Optional.empty());
    }
}
