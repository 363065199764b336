package io.llmrouter.adapters.observe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Every meter of one request label set, found with one lookup per request: the requests counter
 * and duration timer (registered with the set), and the token counters and phase timers,
 * registered the first time a request of this set has usage or a first byte (so a set that never
 * has them exports no empty series). A race on first use registers twice, which the registry
 * answers with the same meters.
 */
final class RequestMeters {

    private final RequestLabels labels;
    private final MeterRegistry registry;
    private final Counter requests;
    private final Timer duration;
    private volatile Counter[] tokens;
    private volatile Timer[] phases;

    RequestMeters(RequestLabels labels, MeterRegistry registry, Counter requests, Timer duration) {
        this.labels = labels;
        this.registry = registry;
        this.requests = requests;
        this.duration = duration;
    }

    Counter requests() {
        return requests;
    }

    Timer duration() {
        return duration;
    }

    /** {@code [input, output]}. */
    Counter[] tokens() {
        Counter[] t = tokens;
        if (t == null) {
            t = labels.registerTokens(registry);
            tokens = t;
        }
        return t;
    }

    /** {@code [prefill, decode]}. */
    Timer[] phases() {
        Timer[] p = phases;
        if (p == null) {
            p = labels.registerPhases(registry);
            phases = p;
        }
        return p;
    }
}
