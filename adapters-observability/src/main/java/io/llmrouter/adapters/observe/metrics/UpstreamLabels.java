package io.llmrouter.adapters.observe.metrics;

import io.llmrouter.domain.resource.ResourceId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One attempt's result per ModelServer: {@code status_code} is the engine's status ({@code "0"}
 * when it gave none) and {@code result} one of {@code relayed, server_error, connect_failed,
 * timed_out, client_gone}.
 */
record UpstreamLabels(ResourceId server, int status, String result) {

    Counter register(MeterRegistry registry) {
        return Counter.builder(MetricNames.UPSTREAM_RESPONSES).description("Attempts to engine pods, by result")
                .tag("model_server", server.toString()).tag("status_code", StatusText.of(status)).tag("result", result)
                .register(registry);
    }
}
