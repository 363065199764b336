package io.llmrouter.adapters.observe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One attempt's result per ModelServer: {@code status_code} is the engine's status ({@code "0"}
 * when it gave none) and {@code result} one of {@code relayed, server_error, connect_failed,
 * timed_out, client_gone}.
 */
record UpstreamLabels(String server, String status, String result) {

    Counter register(MeterRegistry registry) {
        return Counter.builder(MetricNames.UPSTREAM_RESPONSES).description("Attempts to engine pods, by result")
                .tag("model_server", server).tag("status_code", status).tag("result", result).register(registry);
    }
}
