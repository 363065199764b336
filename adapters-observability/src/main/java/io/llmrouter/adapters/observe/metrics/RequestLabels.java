package io.llmrouter.adapters.observe.metrics;

import io.llmrouter.application.observe.ErrorType;
import io.llmrouter.application.observe.RequestRecord;
import io.llmrouter.domain.resource.ResourceId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;

/**
 * One request label set, as the cache key of its meters. Built from the record's own values
 * (strings and {@code Optional}s it already holds), so a request costs this one small object;
 * label text ({@code namespace/name}, status digits) is made only when the meters are registered.
 *
 * <p>The labels of {@code kthena_router_requests_total} are Kthena's:
 * {@code model, path, status_code, error_type, model_route, backend_type, backend_name, upstream_model};
 * {@code backend_type} is {@code model_server} once a ModelServer was found, {@code unresolved}
 * when a route matched but its server did not resolve, {@code none} before routing. The token and
 * prefill/decode families use subsets of them and are keyed by the same object, but registered only
 * when a request has tokens or a first byte to record (no zero series for refused requests).
 */
record RequestLabels(String model, String path, int status, ErrorType errorType, Optional<ResourceId> route,
                     Optional<ResourceId> server, Optional<String> upstreamModel) {

    static RequestLabels of(RequestRecord r) {
        return new RequestLabels(r.modelLabel(), r.pathLabel(), r.status(), r.errorType(), r.route(), r.server(),
                r.upstreamModel());
    }

    /** This label set's meters; the requests counter and duration timer are registered now. */
    RequestMeters register(MeterRegistry registry) {
        Tags withStatus = backend().and("status_code", StatusText.of(status));
        return new RequestMeters(this, registry,
                Counter.builder(MetricNames.REQUESTS).description("Requests served, by outcome")
                        .tags(withStatus).tag("error_type", errorType.label()).register(registry),
                Timer.builder(MetricNames.REQUEST_DURATION).description("Request time, arrival to last byte")
                        .tags(withStatus).serviceLevelObjectives(Buckets.REQUEST).register(registry));
    }

    /**
     * {@code [input, output]}: the engine's {@code usage.prompt_tokens} and {@code usage.completion_tokens}
     * (label sets that differ only in status share these counters: the registry hands out the same meter).
     */
    Counter[] registerTokens(MeterRegistry registry) {
        Tags tags = backend();
        return new Counter[] {tokens(registry, tags, "input"), tokens(registry, tags, "output")};
    }

    /**
     * {@code [prefill, decode]}: first attempt start to first response byte (time to first token, for a
     * stream), and first byte to last.
     */
    Timer[] registerPhases(MeterRegistry registry) {
        Tags tags = Tags.of("model", model, "path", path, "status_code", StatusText.of(status));
        return new Timer[] {
            Timer.builder(MetricNames.PREFILL_DURATION).description("Upstream start to first response byte")
                    .tags(tags).serviceLevelObjectives(Buckets.REQUEST).register(registry),
            Timer.builder(MetricNames.DECODE_DURATION).description("First response byte to last")
                    .tags(tags).serviceLevelObjectives(Buckets.REQUEST).register(registry)};
    }

    private Tags backend() {
        String backendType = server.isPresent() ? "model_server" : route.isPresent() ? "unresolved" : "none";
        return Tags.of("model", model, "path", path, "model_route", name(route), "backend_type", backendType,
                "backend_name", name(server), "upstream_model", upstreamModel.orElse(""));
    }

    private static Counter tokens(MeterRegistry registry, Tags tags, String type) {
        return Counter.builder(MetricNames.TOKENS).description("Tokens processed, as the engines reported them")
                .tags(tags).tag("token_type", type).register(registry);
    }

    private static String name(Optional<ResourceId> id) {
        return id.map(ResourceId::toString).orElse("");
    }
}
