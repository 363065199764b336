package io.llmrouter.sim.core;

import java.util.List;

/**
 * A consistent view of an engine's live state, taken under the engine lock.
 *
 * @param running           requests in the running batch
 * @param waiting           requests in the waiting queue
 * @param kvUsage           referenced KV blocks over capacity, 0 to 1
 * @param usedBlocks        referenced KV blocks
 * @param totalBlocks       KV capacity in blocks
 * @param cachedBlocks      blocks holding a reusable prefix hash (referenced or not)
 * @param runningAdapters   LoRA adapters used by running requests
 * @param waitingAdapters   LoRA adapters used by waiting requests
 */
public record EngineSnapshot(int running, int waiting, double kvUsage, int usedBlocks, int totalBlocks,
                             int cachedBlocks, List<String> runningAdapters, List<String> waitingAdapters) {

    public EngineSnapshot {
        runningAdapters = List.copyOf(runningAdapters);
        waitingAdapters = List.copyOf(waitingAdapters);
    }
}
