package io.llmrouter.adapters.observe.metrics;

import io.llmrouter.application.observe.RequestRecord;
import io.llmrouter.domain.resource.ResourceId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;

/**
 * The labels of {@code kthena_router_requests_total} (Kthena's set):
 * {@code model, path, status_code, error_type, model_route, backend_type, backend_name, upstream_model}.
 * {@code backend_type} is {@code model_server} once a ModelServer was found, {@code unresolved} when
 * a route matched but its server did not resolve, {@code none} before routing.
 */
record RequestLabels(String model, String path, String status, String errorType, String route, String backendType,
                     String backendName, String upstreamModel) {

    static RequestLabels of(RequestRecord r) {
        String backendType = r.server().isPresent() ? "model_server" : r.route().isPresent() ? "unresolved" : "none";
        return new RequestLabels(r.modelLabel(), r.pathLabel(), StatusText.of(r.status()), r.errorType().label(),
                name(r.route()), backendType, name(r.server()), r.upstreamModel().orElse(""));
    }

    private static String name(Optional<ResourceId> id) {
        return id.map(ResourceId::toString).orElse("");
    }

    TokenLabels tokens() {
        return new TokenLabels(model, path, route, backendType, backendName, upstreamModel);
    }

    RequestMeters register(MeterRegistry registry) {
        Tags common = Tags.of("model", model, "path", path, "status_code", status, "model_route", route,
                "backend_type", backendType, "backend_name", backendName, "upstream_model", upstreamModel);
        Counter requests = Counter.builder(MetricNames.REQUESTS).description("Requests served, by outcome")
                .tags(common).tag("error_type", errorType).register(registry);
        Timer duration = Timer.builder(MetricNames.REQUEST_DURATION).description("Request time, arrival to last byte")
                .tags(common).serviceLevelObjectives(Buckets.REQUEST).register(registry);
        return new RequestMeters(requests, duration);
    }
}
