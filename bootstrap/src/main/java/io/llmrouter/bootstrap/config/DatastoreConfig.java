package io.llmrouter.bootstrap.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Where routes, servers and endpoints come from. Only {@code standalone} (YAML files) exists so far. */
public record DatastoreConfig(Mode mode, List<Path> files, Duration pollInterval) {

    public enum Mode { STANDALONE, KUBERNETES }

    public DatastoreConfig {
        files = List.copyOf(files);
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new ConfigException("datastore.pollInterval must be positive, was " + pollInterval);
        }
    }
}
