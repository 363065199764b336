package io.llmrouter.adapters.observe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The labels of {@code kthena_router_tokens_total} (Kthena's set, less {@code token_type}, which
 * tells the two counters apart): input tokens are the engine's {@code usage.prompt_tokens}, output
 * tokens its {@code usage.completion_tokens}.
 */
record TokenLabels(String model, String path, String route, String backendType, String backendName,
                   String upstreamModel) {

    /** {@code [input, output]}. */
    Counter[] register(MeterRegistry registry) {
        Tags tags = Tags.of("model", model, "path", path, "model_route", route, "backend_type", backendType,
                "backend_name", backendName, "upstream_model", upstreamModel);
        return new Counter[] {counter(registry, tags, "input"), counter(registry, tags, "output")};
    }

    private static Counter counter(MeterRegistry registry, Tags tags, String type) {
        return Counter.builder(MetricNames.TOKENS).description("Tokens processed, as the engines reported them")
                .tags(tags).tag("token_type", type).register(registry);
    }
}
