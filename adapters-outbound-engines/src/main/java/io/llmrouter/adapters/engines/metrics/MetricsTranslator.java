package io.llmrouter.adapters.engines.metrics;

import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.server.InferenceEngine;
import java.time.Instant;

/**
 * Maps one engine's parsed {@code /metrics} to the engine-neutral {@link PodMetrics}. Stateless and
 * thread-safe: what must survive until the next scrape of the pod (histogram and counter totals)
 * goes in and out as a {@link ScrapeMemory}.
 *
 * <p>Every translator reports a metric the engine does not expose as unknown ({@code NaN} or
 * {@code -1}), never 0.
 */
public interface MetricsTranslator {

    Translation translate(MetricFamilies families, ScrapeMemory previous, Instant scrapedAt);

    /** The translator for an engine; every engine the CRD allows has one. */
    static MetricsTranslator forEngine(InferenceEngine engine) {
        return switch (engine) {
            case VLLM -> new VllmMetricsTranslator();
            case SGLANG -> new SglangMetricsTranslator();
            case TGI -> new TgiMetricsTranslator();
        };
    }

    /** One scrape's result and the memory for the next scrape of the same pod. */
    record Translation(PodMetrics metrics, ScrapeMemory memory) {
    }

    /** A gauge total as a count: {@code -1} when the engine did not report it. */
    static int countOrUnknown(double value) {
        return Double.isNaN(value) ? -1 : (int) Math.round(value);
    }
}
