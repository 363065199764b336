package io.llmrouter.adapters.observe.metrics;

import io.llmrouter.application.observe.RequestObserver;
import io.llmrouter.application.observe.RequestRecord;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.tenancy.Principal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
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
    private final MeterCache<String, Timer> parse;
    private final MeterCache<UpstreamLabels, Counter> upstream;
    private final MeterCache<ResourceId, Counter> retries;
    private final SchedulingMetrics scheduling;
    private final MeterCache<List<String>, Counter> rateLimited;
    private final MeterCache<List<String>, Counter> tenantRequests;
    private final MeterCache<List<String>, Counter> tenantTokens;
    private final MeterCache<java.util.List<String>, Timer> legs;

    RequestMetrics(MeterRegistry registry) {
        Gauge.builder(MetricNames.ACTIVE_REQUESTS, active, AtomicInteger::get)
                .description("Requests being served by the router").register(registry);
        requests = new MeterCache<>(k -> k.register(registry));
        parse = new MeterCache<>(path -> Timer.builder(MetricNames.PARSE_DURATION)
                .description("Reading and parsing a request body").tag("path", path)
                .serviceLevelObjectives(Buckets.PARSE).register(registry));
        upstream = new MeterCache<>(k -> k.register(registry));
        retries = new MeterCache<>(server -> Counter.builder(MetricNames.RETRIES)
                .description("Attempts beyond the first, per ModelServer").tag("model_server", server.toString())
                .register(registry));
        scheduling = new SchedulingMetrics(registry);
        rateLimited = new MeterCache<>(k -> Counter.builder(MetricNames.RATE_LIMIT_EXCEEDED)
                .description("Requests refused by a token or request rate limit").tag("model", k.get(0))
                .tag("limit_type", k.get(1)).tag("path", k.get(2)).register(registry));
        tenantRequests = new MeterCache<>(k -> Counter.builder(MetricNames.TENANT_REQUESTS)
                .description("Requests per API-key tenant (JWT callers: other)").tag("tenant", k.get(0))
                .tag("status_code", k.get(1)).register(registry));
        tenantTokens = new MeterCache<>(k -> Counter.builder(MetricNames.TENANT_TOKENS)
                .description("Tokens per API-key tenant (JWT callers: other)").tag("tenant", k.get(0))
                .tag("token_type", k.get(1)).register(registry));
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
            Counter[] io = m.tokens();
            io[0].increment(Math.max(0, r.usage().promptTokens()));
            io[1].increment(Math.max(0, r.usage().completionTokens()));
        }
        if (r.timings().firstByteNanos() > 0) {
            Timer[] phase = m.phases();
            phase[0].record(r.timings().firstByteNanos(), TimeUnit.NANOSECONDS);
            phase[1].record(Math.max(0, r.timings().upstreamNanos() + r.timings().responseNanos()
                    - r.timings().firstByteNanos()), TimeUnit.NANOSECONDS);
        }
        if (r.timings().parseNanos() > 0) {
            parse.get(labels.path()).record(r.timings().parseNanos(), TimeUnit.NANOSECONDS);
        }
        attempts(r);
        rateLimit(r);
        tenant(r);
        for (var leg : r.legs()) {
            legs.get(java.util.List.of(leg.role(), r.server().map(ResourceId::toString).orElse(""), leg.pod().name()))
                    .record(leg.nanos(), TimeUnit.NANOSECONDS);
        }
        if (r.decision().isPresent()) {
            scheduling.record(labels.model(), r.decision().get());
        }
    }

    /** Kthena's family; its limit_type is the bucket kind that refused. */
    private void rateLimit(RequestRecord r) {
        String type = switch (r.errorType()) {
            case INPUT_RATE_LIMIT -> "input_tokens";
            case OUTPUT_RATE_LIMIT -> "output_tokens";
            case RATE_LIMIT -> "requests";
            default -> null;
        };
        if (type != null) {
            rateLimited.get(List.of(r.modelLabel(), type, r.pathLabel())).increment();
        }
    }

    /**
     * Per tenant, with a bounded label: API-key tenants are named in the configuration; JWT callers
     * (any {@code sub} an issuer mints) count as {@code other}; anonymous callers are not counted here.
     */
    private void tenant(RequestRecord r) {
        if (!r.caller().authenticated()) {
            return;
        }
        String tenant = r.caller().method() == Principal.Method.API_KEY ? r.caller().tenant() : "other";
        tenantRequests.get(List.of(tenant, StatusText.of(r.status()))).increment();
        if (r.usage().known()) {
            tenantTokens.get(List.of(tenant, "input")).increment(Math.max(0, r.usage().promptTokens()));
            tenantTokens.get(List.of(tenant, "output")).increment(Math.max(0, r.usage().completionTokens()));
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
