package io.llmrouter.domain.prefix;

import io.llmrouter.domain.inference.PromptText;
import java.nio.charset.StandardCharsets;

/**
 * Chained hashes of a prompt's fixed-size byte blocks, the router's approximation of the engine's
 * KV-cache blocks: {@code h[-1] = xxh64(model)}, {@code h[i] = xxh64(block i, seed = h[i-1])}. Because
 * each hash depends on everything before it, equal hashes mean equal prefixes, and the index can
 * compare prefixes block by block. The last block may be short (as in Kthena); at most
 * {@code maxBlocks} blocks are hashed.
 */
public final class BlockHashes {

    private BlockHashes() {
    }

    /** The hashing parameters; also the memo key under which a prompt keeps its hashes. */
    public record Spec(String model, int blockBytes, int maxBlocks) {
        public Spec {
            if (blockBytes < 1 || maxBlocks < 1) {
                throw new IllegalArgumentException("blockBytes and maxBlocks must be >= 1, were " + blockBytes + ", " + maxBlocks);
            }
        }

        /** The most prompt bytes the hashes cover. */
        int hashedBytes() {
            return (int) Math.min(Integer.MAX_VALUE, (long) blockBytes * maxBlocks);
        }
    }

    /** The prompt's hashes for this spec, computed once per request. */
    public static long[] of(PromptText prompt, Spec spec) {
        // Only the bytes that can be hashed are rendered: a long prompt's tail is never read here.
        return prompt.derived(spec, p -> compute(p.prefix(spec.hashedBytes()), spec));
    }

    static long[] compute(byte[] text, Spec spec) {
        int blocks = Math.min(spec.maxBlocks(), (text.length + spec.blockBytes() - 1) / spec.blockBytes());
        long[] hashes = new long[blocks];
        byte[] model = spec.model().getBytes(StandardCharsets.UTF_8);
        long previous = XxHash64.hash(model, 0, model.length, 0);
        for (int i = 0; i < blocks; i++) {
            int offset = i * spec.blockBytes();
            int length = Math.min(spec.blockBytes(), text.length - offset);
            previous = XxHash64.hash(text, offset, length, previous);
            hashes[i] = previous;
        }
        return hashes;
    }
}
