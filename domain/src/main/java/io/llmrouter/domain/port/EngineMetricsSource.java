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
        private final boolean unreachable;

        public ScrapeException(String message, Throwable cause) {
            this(message, cause, false);
        }

        public ScrapeException(String message) {
            this(message, null, false);
        }

        private ScrapeException(String message, Throwable cause, boolean unreachable) {
            super(message, cause);
            this.unreachable = unreachable;
        }

        /** No connection could be made to the pod at all (refused, no route): it is most likely down. */
        public static ScrapeException unreachable(String message, Throwable cause) {
            return new ScrapeException(message, cause, true);
        }

        public boolean unreachable() {
            return unreachable;
        }
    }
}
