package io.llmrouter.sim;

import java.util.List;

/**
 * Live engine state as a router would like to see it, read straight from the engine core.
 *
 * @param running             requests in the running batch
 * @param waiting             requests in the waiting queue
 * @param kvUsage             referenced KV blocks over capacity, 0 to 1 (vLLM's kv_cache_usage_perc)
 * @param usedBlocks          referenced KV blocks
 * @param totalBlocks         KV capacity in blocks
 * @param cachedBlocks        blocks holding a reusable prefix
 * @param prefixQueriedTokens prompt tokens looked up in the prefix cache so far
 * @param prefixHitTokens     prompt tokens found in the prefix cache so far
 * @param preemptions         requests preempted so far
 * @param loadedAdapters      LoRA adapters currently loaded (servable)
 */
public record EngineState(int running, int waiting, double kvUsage, int usedBlocks, int totalBlocks, int cachedBlocks,
                          long prefixQueriedTokens, long prefixHitTokens, long preemptions,
                          List<String> loadedAdapters) {

    public EngineState {
        loadedAdapters = List.copyOf(loadedAdapters);
    }

    /** Cached tokens the engine could reuse right now (cached blocks x block size). */
    public long cachedTokens(int blockSize) {
        return (long) cachedBlocks * blockSize;
    }
}
