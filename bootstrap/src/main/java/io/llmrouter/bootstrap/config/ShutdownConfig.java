package io.llmrouter.bootstrap.config;

import java.time.Duration;

/**
 * How the router stops on SIGTERM or SIGINT. {@code gracePeriod}: from {@code /readyz} turning 503
 * to the listeners refusing new connections, the time a load balancer (a Kubernetes Service's
 * endpoints) needs to stop sending; 0 for a router nobody balances. {@code drainTimeout}: how long
 * the requests already running may take to finish after that; what is still running then is cut
 * (a stream ends with the router's error event and {@code [DONE]}). Kubernetes gives a pod 30 s
 * in all before it kills it, so the defaults add up to 30 s.
 */
public record ShutdownConfig(Duration gracePeriod, Duration drainTimeout) {

    public static final ShutdownConfig DEFAULT = new ShutdownConfig(Duration.ofSeconds(5), Duration.ofSeconds(25));

    public ShutdownConfig {
        java.util.Objects.requireNonNull(gracePeriod, "'gracePeriod' must not be null");
        java.util.Objects.requireNonNull(drainTimeout, "'drainTimeout' must not be null");
    }

    public ShutdownConfig withGracePeriod(Duration period) {
        return new ShutdownConfig(period, drainTimeout);
    }
}
