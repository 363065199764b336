package io.llmrouter.adapters.observe.metrics;

import io.llmrouter.application.observe.RequestObserver;
import io.llmrouter.application.observe.RequestRecord;
import io.llmrouter.domain.resource.ResourceId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kthena's request families from each {@link RequestRecord}: requests, duration, prefill/decode
 * time, tokens, active requests; plus parse time, upstream answers and retries, and (through
 * {@link SchedulingMetrics}) the scheduler's. Label values come from bounded sets only: models
 * a route serves (else {@code unknown}), known {@code /v1} paths (else {@code other}), route,
 * server and pod names from the configuration, HTTP statuses.
 */
final class RequestMetrics implements RequestObserver {

    private final AtomicInteger active = new AtomicInteger();
    private final MeterCache<RequestLabels, RequestMeters> requests;
    private final MeterCache<RequestLabels, Counter[]> tokens;
    private final MeterCache<RequestLabels, Timer[]> phases;
    private final MeterCache<String, Timer> parse;
    private final MeterCache<UpstreamLabels, Counter> upstream;
    private final MeterCache<ResourceId, Counter> retries;
    private final SchedulingMetrics scheduling;
    private final MeterCache<java.util.List<String>, Timer> legs;

    RequestMetrics(MeterRegistry registry) {
        Gauge.builder(MetricNames.ACTIVE_REQUESTS, active, AtomicInteger::get)
                .description("Requests being served by the router").register(registry);
        requests = new MeterCache<>(k -> k.register(registry));
        tokens = new MeterCache<>(k -> k.registerTokens(registry));
        phases = new MeterCache<>(k -> k.registerPhases(registry));
        parse = new MeterCache<>(path -> Timer.builder(MetricNames.PARSE_DURATION)
                .description("Reading and parsing a request body").tag("path", path)
                .serviceLevelObjectives(Buckets.PARSE).register(registry));
        upstream = new MeterCache<>(k -> k.register(registry));
        retries = new MeterCache<>(server -> Counter.builder(MetricNames.RETRIES)
                .description("Attempts beyond the first, per ModelServer").tag("model_server", server.toString())
                .register(registry));
        scheduling = new SchedulingMetrics(registry);
        legs = new MeterCache<>(k -> Timer.builder(MetricNames.PD_LEG_DURATION)
                .description("Prefill/decode legs: how long each took, by role, ModelServer and pod")
                .tag("role", k.get(0)).tag("model_server", k.get(1)).tag("pod", k.get(2))
                .serviceLevelObjectives(Buckets.REQUEST).register(registry));
    }

    @Override
    public void started() {
        active.incrementAndGet();
    }

    @Override
    public void completed(RequestRecord r) {
        active.decrementAndGet();
        RequestLabels labels = RequestLabels.of(r);
        RequestMeters m = requests.get(labels);
        m.requests().increment();
        m.duration().record(r.timings().totalNanos(), TimeUnit.NANOSECONDS);
        if (r.usage().known()) {
            Counter[] io = tokens.get(labels);
            io[0].increment(Math.max(0, r.usage().promptTokens()));
            io[1].increment(Math.max(0, r.usage().completionTokens()));
        }
        if (r.timings().firstByteNanos() > 0) {
            Timer[] phase = phases.get(labels);
            phase[0].record(r.timings().firstByteNanos(), TimeUnit.NANOSECONDS);
            phase[1].record(Math.max(0, r.timings().upstreamNanos() + r.timings().responseNanos()
                    - r.timings().firstByteNanos()), TimeUnit.NANOSECONDS);
        }
        if (r.timings().parseNanos() > 0) {
            parse.get(labels.path()).record(r.timings().parseNanos(), TimeUnit.NANOSECONDS);
        }
        attempts(r);
        for (var leg : r.legs()) {
            legs.get(java.util.List.of(leg.role(), r.server().map(ResourceId::toString).orElse(""), leg.pod().name()))
                    .record(leg.nanos(), TimeUnit.NANOSECONDS);
        }
        if (r.decision().isPresent()) {
            scheduling.record(labels.model(), r.decision().get());
        }
    }

    private void attempts(RequestRecord r) {
        if (r.server().isEmpty() || r.attempts().isEmpty()) {
            return;
        }
        ResourceId server = r.server().get();
        for (var a : r.attempts()) {
            upstream.get(new UpstreamLabels(server, a.status(), a.result())).increment();
        }
        if (r.attempts().size() > 1) {
            retries.get(server).increment(r.attempts().size() - 1);
        }
    }

    /** Requests in progress; for tests. */
    int active() {
        return active.get();
    }
}
