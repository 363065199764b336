package io.llmrouter.domain.port;

import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.server.InferenceEngine;

/**
 * Reads one pod's live state from its engine (vLLM, SGLang or TGI {@code /metrics}). Implementations
 * keep what they need between scrapes of the same pod (histogram sums and counts for deltas) and
 * forget a pod when told.
 */
public interface EngineMetricsSource {

    /** Scrapes the pod once; throws {@link ScrapeException} when it cannot be read or parsed. */
    PodMetrics scrape(Pod pod, int port, InferenceEngine engine) throws ScrapeException;

    /** The pod is gone: drop whatever was kept for it. */
    void forget(Pod pod);

    /** A scrape failed: unreachable, timed out, bad status, or unparsable text. */
    final class ScrapeException extends Exception {
        public ScrapeException(String message, Throwable cause) {
            super(message, cause);
        }

        public ScrapeException(String message) {
            super(message);
        }
    }
}
