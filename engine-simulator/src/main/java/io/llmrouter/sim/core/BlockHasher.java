package io.llmrouter.sim.core;

/**
 * Chained 64-bit block hashes: {@code hash[i] = H(hash[i-1], tokens of block i, extra key)}, with
 * {@code hash[-1]} derived from the seed (vLLM's NONE_HASH, engines.md C). The extra key scopes
 * blocks to a LoRA adapter, so an adapter never hits the base model's blocks. Only the chaining
 * matters here; the bits are not vLLM's (the router keeps its own approximation anyway).
 */
public final class BlockHasher {

    private BlockHasher() {
    }

    /** The root ("NONE_HASH") for a seed. */
    public static long root(long seed) {
        return mix(seed ^ 0x9E3779B97F4A7C15L);
    }

    /** Hash of {@code length} tokens starting at {@code from}, chained on {@code parent}. */
    public static long chain(long parent, int[] tokens, int from, int length, long extraKey) {
        long h = mix(parent ^ 0xD6E8FEB86659FD93L) ^ extraKey;
        for (int i = from; i < from + length; i++) {
            h = mix(h ^ tokens[i]) * 0x100000001b3L;
        }
        return mix(h);
    }

    /** Stable key of an adapter name (0 for the base model). */
    public static long adapterKey(String adapter) {
        if (adapter == null) {
            return 0;
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < adapter.length(); i++) {
            h = (h ^ adapter.charAt(i)) * 0x100000001b3L;
        }
        return mix(h);
    }

    /** SplitMix64 finaliser: spreads every input bit over the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
