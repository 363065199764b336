package io.llmrouter.bench.routing;

import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.Profiles;

/**
 * {@code --profile kthena-blog}: the engine the Kthena benchmark blog measured, as far as the blog's
 * own numbers pin it down (docs/benchmarks.md, "Calibrated to the blog"). From the blog's vLLM flags,
 * not fitted: {@code max-num-seqs} 256, {@code max-num-batched-tokens} 65,536, {@code max-model-len}
 * 32,768. Fitted, once, so that Random and the group-affinity oracle at the blog's scale give its
 * 11.81 and 32.22 req/s: the KV capacity per replica ({@link #FULL_KV_BLOCKS}), the prefill rate
 * ({@link #PREFILL_TOKENS_PER_SECOND}) and one factor on every fixed step cost and on the decode cost
 * ({@link #STEP_COST_SCALE}). Everything else is h100-7b's (engines.md D.4).
 */
final class BlogProfile {

    static final String NAME = "kthena-blog";
    /** 16-token blocks per replica at the blog's scale. */
    static final int FULL_KV_BLOCKS = 61_440;
    static final double PREFILL_TOKENS_PER_SECOND = 21_070;
    static final double STEP_COST_SCALE = 0.0057;

    private BlogProfile() {
    }

    static Profile of(int kvBlocks) {
        return of(kvBlocks, PREFILL_TOKENS_PER_SECOND, STEP_COST_SCALE);
    }

    static Profile of(int kvBlocks, double prefillTokensPerSecond, double stepCostScale) {
        Profile h = Profiles.named("h100-7b");
        double s = stepCostScale;
        return new Profile(NAME, h.blockSize(), kvBlocks, 256, 65_536, 32_768, h.prefillOverheadMs() * s,
                prefillTokensPerSecond, h.decodeBaseMs() * s, h.weightBytes() * s, h.kvBytesPerToken() * s,
                h.hbmBytesPerSecond(), h.memoryEfficiency(), h.computeMsPerDecodeSeq() * s, h.loraLoadMs(),
                h.kvTransferBytesPerSecond(), 0.0);
    }
}
