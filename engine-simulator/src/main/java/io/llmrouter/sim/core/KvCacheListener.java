package io.llmrouter.sim.core;

/**
 * Told of the prefix cache's changes, as vLLM's block pool reports them in its KV events: a full
 * block newly cached (not a duplicate), a cached block evicted or reset. Called on the engine's
 * thread, under its lock: implementations only record.
 */
public interface KvCacheListener {

    KvCacheListener NONE = new KvCacheListener() {
        @Override
        public void blockStored(long hash, Long parentHash, int[] tokens, int from, int blockSize, String adapter) {
        }

        @Override
        public void blockRemoved(long hash) {
        }
    };

    /** Block {@code tokens[from, from + blockSize)} is cached under {@code hash}; {@code parentHash} null for a first block. */
    void blockStored(long hash, Long parentHash, int[] tokens, int from, int blockSize, String adapter);

    void blockRemoved(long hash);
}
