package io.llmrouter.domain.fairness;

import static java.util.Objects.requireNonNull;

/**
 * When a queued request may go to its ModelServer.
 *
 * @param mode                which signal opens the gate
 * @param perPodLimit         requests the router keeps in flight per pod at most; 0 for none
 *                            ({@code concurrency} requires it, {@code utilization} honours it too)
 * @param maxConcurrent       {@code maxConcurrent} mode: released and unfinished requests per model (Kthena's semaphore)
 * @param maxQps              {@code qps} mode: releases per second per model (Kthena's ticker, default 100)
 * @param queueDepthThreshold {@code utilization}: waiting requests at which a pod counts as full (llm-d 5)
 * @param kvCacheThreshold    {@code utilization}: KV-cache usage at which a pod counts as full (llm-d 0.8)
 */
public record GateSettings(Mode mode, int perPodLimit, int maxConcurrent, double maxQps, double queueDepthThreshold,
                           double kvCacheThreshold) {

    public static final GateSettings DEFAULT = new GateSettings(Mode.UTILIZATION, 0, 0, 100, 5, 0.8);

    public GateSettings {
        requireNonNull(mode, "'mode' must not be null");
        if (perPodLimit < 0 || maxConcurrent < 0 || !(maxQps > 0) || !(queueDepthThreshold > 0)
                || !(kvCacheThreshold > 0)) {
            throw new IllegalArgumentException("gate limits must be positive (perPodLimit and maxConcurrent >= 0)");
        }
        if (mode == Mode.CONCURRENCY && perPodLimit == 0) {
            throw new IllegalArgumentException("gate 'concurrency' needs perPodLimit > 0");
        }
        if (mode == Mode.MAX_CONCURRENT && maxConcurrent == 0) {
            throw new IllegalArgumentException("gate 'maxConcurrent' needs maxConcurrent > 0");
        }
    }

    public static GateSettings concurrency(int perPod) {
        return new GateSettings(Mode.CONCURRENCY, perPod, 0, 100, 5, 0.8);
    }

    public static GateSettings maxConcurrent(int max) {
        return new GateSettings(Mode.MAX_CONCURRENT, 0, max, 100, 5, 0.8);
    }

    public static GateSettings qps(double qps) {
        return new GateSettings(Mode.QPS, 0, 0, qps, 5, 0.8);
    }

    public enum Mode {
        /** llm-d's utilization detector: mean over pods of max(waiting/5, kv/0.8) below 1, plus perPodLimit. */
        UTILIZATION,
        /** The router's own in-flight requests per pod below {@code perPodLimit}. */
        CONCURRENCY,
        /** Kthena's semaphore: at most {@code maxConcurrent} released and unfinished per model. */
        MAX_CONCURRENT,
        /** Kthena's ticker: one release per {@code 1/maxQps}, blind to the engines. */
        QPS
    }
}
