package io.llmrouter.adapters.observe.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Labels of Kthena's prefill and decode durations ({@code model, path, status_code}). Prefill is
 * measured as first attempt start to first body byte (time to first token, for a stream), decode as
 * first body byte to last.
 */
record PhaseLabels(String model, String path, String status) {

    /** {@code [prefill, decode]}. */
    Timer[] register(MeterRegistry registry) {
        Tags tags = Tags.of("model", model, "path", path, "status_code", status);
        return new Timer[] {
            Timer.builder(MetricNames.PREFILL_DURATION).description("Upstream start to first response byte")
                    .tags(tags).serviceLevelObjectives(Buckets.REQUEST).register(registry),
            Timer.builder(MetricNames.DECODE_DURATION).description("First response byte to last")
                    .tags(tags).serviceLevelObjectives(Buckets.REQUEST).register(registry)};
    }
}
