package io.llmrouter.sim.core;

import java.util.Objects;

/**
 * Capacity and timing constants of one simulated model on one GPU. Every number is a parameter
 * rather than a hard-coded constant so measured values can replace the derived ones
 * (engines.md D.4: "expose the constants per profile").
 *
 * @param name                    profile name, e.g. {@code h100-7b}
 * @param blockSize               tokens per KV block (vLLM default 16, engines.md C)
 * @param numGpuBlocks            KV capacity in blocks
 * @param maxNumSeqs              most requests in the running batch
 * @param maxNumBatchedTokens     token budget of one step (chunked prefill)
 * @param maxModelLen             longest prompt + output accepted
 * @param prefillOverheadMs       fixed cost of a step that contains prefill tokens
 * @param prefillTokensPerSecond  compute-bound prefill rate for new (uncached) tokens
 * @param decodeBaseMs            fixed cost of a decode step (t0 in D.4)
 * @param weightBytes             bytes read per decode step for the weights (W in D.4)
 * @param kvBytesPerToken         KV bytes per token (56 KiB for Qwen2-7B)
 * @param hbmBytesPerSecond       memory bandwidth
 * @param memoryEfficiency        fraction of the bandwidth achieved (eta in D.4)
 * @param computeMsPerDecodeSeq   compute floor per sequence of a decode step (2P/(eta_c FLOPS))
 * @param loraLoadMs              cost added to a step that loads an adapter into a LoRA slot
 * @param kvTransferBytesPerSecond bandwidth of the prefill-to-decode KV transfer
 * @param jitterFraction          standard deviation of the seeded multiplicative step jitter
 */
public record Profile(String name, int blockSize, int numGpuBlocks, int maxNumSeqs, int maxNumBatchedTokens,
                      int maxModelLen, double prefillOverheadMs, double prefillTokensPerSecond,
                      double decodeBaseMs, double weightBytes, double kvBytesPerToken, double hbmBytesPerSecond,
                      double memoryEfficiency, double computeMsPerDecodeSeq, double loraLoadMs,
                      double kvTransferBytesPerSecond, double jitterFraction) {

    public Profile {
        Objects.requireNonNull(name, "'name' must not be null");
        requirePositive(blockSize, "blockSize");
        requirePositive(numGpuBlocks, "numGpuBlocks");
        requirePositive(maxNumSeqs, "maxNumSeqs");
        requirePositive(maxNumBatchedTokens, "maxNumBatchedTokens");
        requirePositive(maxModelLen, "maxModelLen");
        if (jitterFraction < 0 || jitterFraction > 0.3) {
            throw new IllegalArgumentException("'jitterFraction' must be in [0, 0.3], got " + jitterFraction);
        }
    }

    /** KV capacity in tokens (num_gpu_blocks x block_size). */
    public long capacityTokens() {
        return (long) numGpuBlocks * blockSize;
    }

    /** True when steps take no time at all (the {@code instant} profile). */
    public boolean instant() {
        return prefillOverheadMs == 0 && prefillTokensPerSecond == Double.POSITIVE_INFINITY
            && decodeBaseMs == 0 && weightBytes == 0 && kvBytesPerToken == 0 && computeMsPerDecodeSeq == 0;
    }

    public Profile withNumGpuBlocks(int blocks) {
        return new Profile(name, blockSize, blocks, maxNumSeqs, maxNumBatchedTokens, maxModelLen, prefillOverheadMs,
            prefillTokensPerSecond, decodeBaseMs, weightBytes, kvBytesPerToken, hbmBytesPerSecond, memoryEfficiency,
            computeMsPerDecodeSeq, loraLoadMs, kvTransferBytesPerSecond, jitterFraction);
    }

    public Profile withJitter(double fraction) {
        return new Profile(name, blockSize, numGpuBlocks, maxNumSeqs, maxNumBatchedTokens, maxModelLen,
            prefillOverheadMs, prefillTokensPerSecond, decodeBaseMs, weightBytes, kvBytesPerToken,
            hbmBytesPerSecond, memoryEfficiency, computeMsPerDecodeSeq, loraLoadMs, kvTransferBytesPerSecond,
            fraction);
    }

    private static void requirePositive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException("'" + field + "' must be positive, got " + value);
        }
    }
}
