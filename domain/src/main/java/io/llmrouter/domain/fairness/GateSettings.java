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
 * @param tokenThreshold      {@code utilization}: share of the pods' KV capacity (in tokens) that the KV the
 *                            released requests will need at most (prompt + max output each) may fill; 0 turns
 *                            the term off, above 1 overcommits. A scrape shows only the KV in use now, not what
 *                            the answers still growing will take, so a gate on it alone overshoots and the
 *                            engines preempt (measured in docs/benchmarks.md, Fairness)
 * @param flowHeadroom        {@code utilization} and {@code concurrency}: share of the gate's capacity that a flow
 *                            holding more than its fair share of the released tokens (total over active flows)
 *                            may not take while another flow is active, so a light user arriving finds room at
 *                            once; 0 for none. A flow alone may use everything (work-conserving)
 * @param podTokenCapacity    KV capacity per pod in tokens when the engine does not report it; 0 for unknown
 * @param expectedOutputTokens output tokens assumed for a request without {@code max_tokens} until the model's
 *                            answers have shown their mean
 */
public record GateSettings(Mode mode, int perPodLimit, int maxConcurrent, double maxQps, double queueDepthThreshold,
                           double kvCacheThreshold, double tokenThreshold, double flowHeadroom, long podTokenCapacity,
                           int expectedOutputTokens) {

    public static final GateSettings DEFAULT = new GateSettings(Mode.UTILIZATION, 0, 0, 100, 5, 0.8, 0, 0, 0, 256);

    public GateSettings {
        requireNonNull(mode, "'mode' must not be null");
        if (perPodLimit < 0 || maxConcurrent < 0 || !(maxQps > 0) || !(queueDepthThreshold > 0)
                || !(kvCacheThreshold > 0)) {
            throw new IllegalArgumentException("gate limits must be positive (perPodLimit and maxConcurrent >= 0)");
        }
        if (!(tokenThreshold >= 0) || !Double.isFinite(tokenThreshold)) {
            throw new IllegalArgumentException("'tokenThreshold' must be finite and >= 0, got " + tokenThreshold);
        }
        if (!(flowHeadroom >= 0 && flowHeadroom < 1)) {
            throw new IllegalArgumentException("'flowHeadroom' must be in [0, 1), got " + flowHeadroom);
        }
        if (podTokenCapacity < 0 || expectedOutputTokens < 0) {
            throw new IllegalArgumentException("'podTokenCapacity' and 'expectedOutputTokens' must be >= 0");
        }
        if (mode == Mode.CONCURRENCY && perPodLimit == 0) {
            throw new IllegalArgumentException("gate 'concurrency' needs perPodLimit > 0");
        }
        if (mode == Mode.MAX_CONCURRENT && maxConcurrent == 0) {
            throw new IllegalArgumentException("gate 'maxConcurrent' needs maxConcurrent > 0");
        }
    }

    /** A gate without the token term and the flow headroom (llm-d's utilization detector as it is). */
    public GateSettings(Mode mode, int perPodLimit, int maxConcurrent, double maxQps, double queueDepthThreshold,
                        double kvCacheThreshold) {
        this(mode, perPodLimit, maxConcurrent, maxQps, queueDepthThreshold, kvCacheThreshold, 0, 0, 0, 256);
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

    public GateSettings withTokens(double threshold, double headroom) {
        return new GateSettings(mode, perPodLimit, maxConcurrent, maxQps, queueDepthThreshold, kvCacheThreshold,
                threshold, headroom, podTokenCapacity, expectedOutputTokens);
    }

    public GateSettings withPodTokenCapacity(long tokens) {
        return new GateSettings(mode, perPodLimit, maxConcurrent, maxQps, queueDepthThreshold, kvCacheThreshold,
                tokenThreshold, flowHeadroom, tokens, expectedOutputTokens);
    }

    public enum Mode {
        /** llm-d's utilization detector: mean over pods of max(waiting/5, kv/0.8) below 1, plus perPodLimit and tokens. */
        UTILIZATION,
        /** The router's own in-flight requests per pod below {@code perPodLimit}. */
        CONCURRENCY,
        /** Kthena's semaphore: at most {@code maxConcurrent} released and unfinished per model. */
        MAX_CONCURRENT,
        /** Kthena's ticker: one release per {@code 1/maxQps}, blind to the engines. */
        QPS
    }
}
