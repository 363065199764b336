package io.llmrouter.domain.kvcache;

import static java.util.Objects.requireNonNull;

/**
 * One decoded engine KV event (vLLM {@code kv_events.py}, SGLang's copy), engine-neutral: the
 * adapter decodes either msgpack encoding into these, the index applies them.
 */
public sealed interface KvEvent permits KvEvent.BlockStored, KvEvent.BlockRemoved, KvEvent.AllBlocksCleared {

    /**
     * Blocks newly cached on {@code medium}. {@code tokens} holds all blocks' tokens concatenated
     * ({@code blockSize} each); it may be empty for a block offloaded to another tier, which is then
     * found by its engine hash. {@code parentHash} is null for a sequence's first block.
     * {@code extraKeys} has one entry per block (null where the block has none) or is null.
     */
    record BlockStored(long[] blockHashes, Long parentHash, int[] tokens, int blockSize, String loraName,
                       String[] extraKeys, Medium medium) implements KvEvent {
        public BlockStored {
            requireNonNull(blockHashes, "'blockHashes' must not be null");
            requireNonNull(tokens, "'tokens' must not be null");
            requireNonNull(medium, "'medium' must not be null");
        }

        String extra(int block) {
            return extraKeys == null || block >= extraKeys.length ? null : extraKeys[block];
        }
    }

    record BlockRemoved(long[] blockHashes, Medium medium) implements KvEvent {
        public BlockRemoved {
            requireNonNull(blockHashes, "'blockHashes' must not be null");
            requireNonNull(medium, "'medium' must not be null");
        }
    }

    record AllBlocksCleared() implements KvEvent {
    }
}
