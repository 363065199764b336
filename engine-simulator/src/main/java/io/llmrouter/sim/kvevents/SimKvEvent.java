package io.llmrouter.sim.kvevents;

import java.util.List;

/** The simulator's KV events, shaped like vLLM's; hashes are vLLM's 32-byte {@code sha256_cbor} digests. */
public sealed interface SimKvEvent {

    record BlockStored(List<byte[]> blockHashes, byte[] parentHash, int[] tokens, int blockSize, String loraName,
                       String medium) implements SimKvEvent {
    }

    record BlockRemoved(List<byte[]> blockHashes, String medium) implements SimKvEvent {
    }

    record AllBlocksCleared() implements SimKvEvent {
    }

    /** What one engine step changed, with the step's wall time in seconds (vLLM's {@code ts}). */
    record Batch(double ts, List<SimKvEvent> events) {
    }
}
