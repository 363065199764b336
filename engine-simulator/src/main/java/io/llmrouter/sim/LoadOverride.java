package io.llmrouter.sim;

import io.llmrouter.sim.core.EngineSnapshot;

/**
 * Pins the load an engine <em>reports</em> in {@code /metrics}, whatever it really runs, so a
 * router test can make one replica look busy or full without generating that load (what
 * Kthena's vllm-mock offers with {@code POST /set_metrics}). A null field reports the live value.
 * The engine's behaviour (queueing, cache, timing) is unaffected.
 *
 * @param running  reported running requests, or null
 * @param waiting  reported waiting requests, or null
 * @param kvUsage  reported KV usage in [0, 1], or null
 */
public record LoadOverride(Integer running, Integer waiting, Double kvUsage) {

    /** No override: report the live state. */
    public static final LoadOverride NONE = new LoadOverride(null, null, null);

    public LoadOverride {
        if (running != null && running < 0 || waiting != null && waiting < 0) {
            throw new IllegalArgumentException("'running' and 'waiting' must not be negative");
        }
        if (kvUsage != null && !(kvUsage >= 0 && kvUsage <= 1)) {
            throw new IllegalArgumentException("'kvUsage' must be in [0, 1], got " + kvUsage);
        }
    }

    /** The live snapshot with the pinned fields replaced (used blocks follow a pinned usage). */
    EngineSnapshot apply(EngineSnapshot live) {
        if (this.equals(NONE)) {
            return live;
        }
        double usage = kvUsage != null ? kvUsage : live.kvUsage();
        int used = kvUsage != null ? (int) Math.round(usage * live.totalBlocks()) : live.usedBlocks();
        return new EngineSnapshot(running != null ? running : live.running(), waiting != null ? waiting : live.waiting(),
            usage, used, live.totalBlocks(), live.cachedBlocks(), live.runningAdapters(), live.waitingAdapters());
    }
}
