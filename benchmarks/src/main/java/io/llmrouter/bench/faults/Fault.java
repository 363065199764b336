package io.llmrouter.bench.faults;

import io.llmrouter.sim.FaultInjector;
import java.time.Duration;

/**
 * One row of the fault matrix: what is done to the faulty replica for the whole row. The others
 * stay healthy, so every request could have been served.
 */
enum Fault {
    NONE("no fault", f -> { }),
    REFUSE("refuses connections", f -> f.refuseConnections(true)),
    ERRORS_50("HTTP 503 on 50 % of requests", f -> f.errorRate(0.5, 503)),
    ERRORS_100("HTTP 503 on every request", f -> f.errorRate(1.0, 503)),
    SLOW_HEADERS("1 s before the response headers", f -> f.latencySpike(Duration.ofSeconds(1), 1.0)),
    HANG("hangs before the headers (past the route's timeout)", f -> f.latencySpike(Duration.ofSeconds(60), 1.0)),
    CUT_STREAM("cuts streams after 3 events", f -> f.cutStreamAfter(3)),
    METRICS_SLOW("/metrics answers after 3 s", f -> f.metricsDelay(Duration.ofSeconds(3))),
    METRICS_FAILING("/metrics answers 500", f -> f.metricsFailure(true)),
    RESTARTING("restarts every 10 s (down 3 s each time)", f -> { });

    /** How long a restarting replica is down, out of each {@link #RESTART_PERIOD}. */
    static final Duration RESTART_DOWN = Duration.ofSeconds(3);
    static final Duration RESTART_PERIOD = Duration.ofSeconds(10);

    private final String description;
    private final java.util.function.Consumer<FaultInjector> apply;

    Fault(String description, java.util.function.Consumer<FaultInjector> apply) {
        this.description = description;
        this.apply = apply;
    }

    String description() {
        return description;
    }

    void applyTo(FaultInjector faults) {
        apply.accept(faults);
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
