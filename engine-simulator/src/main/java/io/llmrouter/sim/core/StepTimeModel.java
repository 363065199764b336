package io.llmrouter.sim.core;

import java.util.SplittableRandom;

/**
 * Duration of one engine step (engines.md D.4, the Dynamo mocker's structure from D.2):
 *
 * <pre>
 * step = prefill(new tokens) + decode(B, sum ctx) + loads x lora_load
 * prefill(n)    = n > 0 ? overhead + n / rate : 0                 (only uncached tokens cost)
 * decode(B,ctx) = B > 0 ? t0 + max((W + ctx x kv) / (eta x BW), B x compute_per_seq) : 0
 * </pre>
 *
 * A step that mixes a prefill chunk with decodes delays every decode in it, which is what makes
 * inter-token latency spike while long prompts are admitted (chunked-prefill interference).
 * Jitter, when the profile asks for it, multiplies the step by 1 + sigma x noise, where the seeded noise
 * is the sum of two uniforms on [-1, 1] (triangular, bounded to +-2 sigma, so no step is ever negative).
 */
public final class StepTimeModel {

    private final Profile profile;
    private final SplittableRandom random;

    public StepTimeModel(Profile profile, long seed) {
        this.profile = profile;
        this.random = new SplittableRandom(seed);
    }

    /** Step duration in nanoseconds. */
    public long stepNanos(int prefillTokens, int decodeSeqs, long decodeContextTokens, int loraLoads) {
        double ms = prefillMs(prefillTokens) + decodeMs(decodeSeqs, decodeContextTokens)
            + loraLoads * profile.loraLoadMs();
        if (ms <= 0) {
            return 0;
        }
        return (long) (ms * jitter() * 1_000_000);
    }

    double prefillMs(int tokens) {
        return tokens == 0 ? 0 : profile.prefillOverheadMs() + tokens * 1000.0 / profile.prefillTokensPerSecond();
    }

    double decodeMs(int seqs, long contextTokens) {
        if (seqs == 0) {
            return 0;
        }
        double memoryMs = (profile.weightBytes() + contextTokens * profile.kvBytesPerToken())
            / (profile.memoryEfficiency() * profile.hbmBytesPerSecond()) * 1000.0;
        return profile.decodeBaseMs() + Math.max(memoryMs, seqs * profile.computeMsPerDecodeSeq());
    }

    /** Time to move a prompt's KV from a prefill to a decode instance. */
    public long kvTransferNanos(int tokens) {
        return (long) (tokens * profile.kvBytesPerToken() / profile.kvTransferBytesPerSecond() * 1e9);
    }

    private double jitter() {
        double sigma = profile.jitterFraction();
        if (sigma == 0) {
            return 1.0;
        }
        double noise = random.nextDouble() * 2 - 1 + random.nextDouble() * 2 - 1;
        return 1 + sigma * noise;
    }
}
