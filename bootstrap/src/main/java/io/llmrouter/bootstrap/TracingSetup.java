package io.llmrouter.bootstrap;

import io.llmrouter.adapters.http.TracingFilter;
import io.llmrouter.adapters.tracing.OtlpHttpExporter;
import io.llmrouter.adapters.tracing.OtlpTracer;
import io.llmrouter.bootstrap.config.TracingConfig;
import io.llmrouter.domain.trace.Tracer;
import java.time.Duration;
import java.util.Optional;

/**
 * Tracing as configured: with an OTLP endpoint, an exporter and a tracer feeding it; without one,
 * {@link Tracer#NONE}, so the router stays out of traces and costs nothing per request.
 */
final class TracingSetup implements AutoCloseable {

    /** How long spans may wait to fill a batch: short enough to see a trace within a second or two. */
    static final Duration BATCH_DELAY = Duration.ofMillis(500);

    private final Tracer tracer;
    private final Optional<OtlpHttpExporter> exporter;

    private TracingSetup(Tracer tracer, Optional<OtlpHttpExporter> exporter) {
        this.tracer = tracer;
        this.exporter = exporter;
    }

    static TracingSetup from(TracingConfig config) {
        if (config.otlpEndpoint().isEmpty()) {
            return new TracingSetup(Tracer.NONE, Optional.empty());
        }
        OtlpHttpExporter exporter = new OtlpHttpExporter(config.otlpEndpoint().get(), config.serviceName(), BATCH_DELAY);
        return new TracingSetup(OtlpTracer.exportingTo(exporter, config.sampleRatio()), Optional.of(exporter));
    }

    TracingFilter filter() {
        return new TracingFilter(tracer);
    }

    /** Sends the spans still queued, then stops the exporter. */
    @Override
    public void close() {
        exporter.ifPresent(OtlpHttpExporter::close);
    }
}
