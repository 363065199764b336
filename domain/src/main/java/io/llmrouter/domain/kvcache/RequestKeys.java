package io.llmrouter.domain.kvcache;

import io.llmrouter.domain.prefix.XxHash64;
import java.nio.charset.StandardCharsets;

/**
 * The router's own key for each full KV block, computed from token ids (llm-d's "request key"):
 * {@code key[i] = xxh64(tokens of block i as 4-byte little-endian ints, seed = key[i-1] ^ extra_i)},
 * {@code key[-1] = xxh64("kv-root" + LoRA name)}. Because keys are chained, equal keys mean equal
 * prefixes; because they come from tokens, not from the engine's hash, the engine's hash function
 * and seed (random per process without {@code PYTHONHASHSEED}) do not matter.
 *
 * <p>As in vLLM's hash: only full blocks have keys; the LoRA name scopes every block (here through
 * the root, which the chain carries to every block); {@code cache_salt} enters the first block only.
 * The model name is not part of the key: a key is always looked up for the candidate pods of one
 * ModelServer, which serve one model.
 */
public final class RequestKeys {

    private static final long ROOT_SEED = 0x6B76_2D72_6F6F_7431L; // "kv-root1"
    private static final long[] NONE = new long[0];

    private RequestKeys() {
    }

    /** The chain's start for an adapter ({@code null} for the base model). */
    public static long root(String loraName) {
        if (loraName == null || loraName.isEmpty()) {
            return ROOT_SEED;
        }
        byte[] name = loraName.getBytes(StandardCharsets.UTF_8);
        return XxHash64.hash(name, 0, name.length, ROOT_SEED);
    }

    /** The key of one block of {@code blockSize} tokens from {@code from}, chained on {@code parent}. */
    public static long chain(long parent, int[] tokens, int from, int blockSize, String extra) {
        long seed = parent;
        if (extra != null && !extra.isEmpty()) {
            byte[] e = extra.getBytes(StandardCharsets.UTF_8);
            seed ^= XxHash64.hash(e, 0, e.length, 0x5A17L);
        }
        byte[] bytes = new byte[blockSize * 4];
        for (int i = 0; i < blockSize; i++) {
            int t = tokens[from + i];
            bytes[4 * i] = (byte) t;
            bytes[4 * i + 1] = (byte) (t >>> 8);
            bytes[4 * i + 2] = (byte) (t >>> 16);
            bytes[4 * i + 3] = (byte) (t >>> 24);
        }
        return XxHash64.hash(bytes, 0, bytes.length, seed);
    }

    /**
     * Keys of the leading full blocks of a request's prompt, at most {@code maxBlocks}. A partial
     * last block has no key (the engine never caches it, so it can never match).
     */
    public static long[] of(int[] tokens, int blockSize, int maxBlocks, String loraName, String cacheSalt) {
        int blocks = Math.min(maxBlocks, tokens.length / blockSize);
        if (blocks <= 0) {
            return NONE;
        }
        long[] keys = new long[blocks];
        long parent = root(loraName);
        for (int b = 0; b < blocks; b++) {
            parent = chain(parent, tokens, b * blockSize, blockSize, b == 0 ? cacheSalt : null);
            keys[b] = parent;
        }
        return keys;
    }
}
