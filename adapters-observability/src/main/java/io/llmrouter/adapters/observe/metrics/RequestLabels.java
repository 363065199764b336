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
 * when a route matched but its server did not resolve, {@code none} before routing. The duration,
 * token and prefill/decode families use subsets of them, so their meters are resolved here too.
 */
record RequestLabels(String model, String path, int status, ErrorType errorType, Optional<ResourceId> route,
                     Optional<ResourceId> server, Optional<String> upstreamModel) {

    static RequestLabels of(RequestRecord r) {
        return new RequestLabels(r.modelLabel(), r.pathLabel(), r.status(), r.errorType(), r.route(), r.server(),
                r.upstreamModel());
    }

    RequestMeters register(MeterRegistry registry) {
        String backendType = server.isPresent() ? "model_server" : route.isPresent() ? "unresolved" : "none";
        Tags backend = Tags.of("model", model, "path", path, "model_route", name(route), "backend_type", backendType,
                "backend_name", name(server), "upstream_model", upstreamModel.orElse(""));
        Tags withStatus = backend.and("status_code", StatusText.of(status));
        Tags phase = Tags.of("model", model, "path", path, "status_code", StatusText.of(status));
        return new RequestMeters(
                Counter.builder(MetricNames.REQUESTS).description("Requests served, by outcome")
                        .tags(withStatus).tag("error_type", errorType.label()).register(registry),
                Timer.builder(MetricNames.REQUEST_DURATION).description("Request time, arrival to last byte")
                        .tags(withStatus).serviceLevelObjectives(Buckets.REQUEST).register(registry),
                tokens(registry, backend, "input"),
                tokens(registry, backend, "output"),
                Timer.builder(MetricNames.PREFILL_DURATION).description("Upstream start to first response byte")
                        .tags(phase).serviceLevelObjectives(Buckets.REQUEST).register(registry),
                Timer.builder(MetricNames.DECODE_DURATION).description("First response byte to last")
                        .tags(phase).serviceLevelObjectives(Buckets.REQUEST).register(registry));
    }

    /** Input tokens are the engine's {@code usage.prompt_tokens}, output its {@code usage.completion_tokens}. */
    private static Counter tokens(MeterRegistry registry, Tags tags, String type) {
        return Counter.builder(MetricNames.TOKENS).description("Tokens processed, as the engines reported them")
                .tags(tags).tag("token_type", type).register(registry);
    }

    private static String name(Optional<ResourceId> id) {
        return id.map(ResourceId::toString).orElse("");
    }
}
