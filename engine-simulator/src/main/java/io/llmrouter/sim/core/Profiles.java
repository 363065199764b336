package io.llmrouter.sim.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named profiles. Constants come from engines.md Part D.4 (derived, not measured on a GPU):
 *
 * <ul>
 *   <li>{@code h100-7b} (default): Qwen2-7B / DeepSeek-R1-Distill-Qwen-7B, BF16, one H100 SXM.
 *       KV 57,344 B/token, 61,440 blocks of 16 (~0.98 M tokens, C/D.4), max_num_seqs 1024 and
 *       max_num_batched_tokens 8192 (vLLM defaults for H100, C), prefill 20 ms + n / 30k tok/s,
 *       decode 1.5 ms + (14 GB + ctx x 56 KiB) / (0.75 x 3.35 TB/s), compute floor
 *       2 x 7.6e9 FLOP / (0.5 x 989 TFLOPS) = 0.031 ms per sequence.</li>
 *   <li>{@code a100-7b}: same model on an A100-80G: 2.0 TB/s, 312 TFLOPS, prefill 25 ms +
 *       n / 11k tok/s, max_num_seqs 256, max_num_batched_tokens 2048 (vLLM's A100 defaults).</li>
 *   <li>{@code h100-llama2-7b}: Llama-2-7B (MHA, 512 KiB/token) on an H100: only ~7k blocks, so
 *       the KV cache is the bottleneck and routing matters (engines.md Part E).</li>
 *   <li>{@code instant}: no step time at all and room for 4096 concurrent sequences; for fast
 *       functional tests and for measuring the simulator's own HTTP throughput.</li>
 * </ul>
 */
public final class Profiles {

    public static final String DEFAULT = "h100-7b";

    private static final Map<String, Profile> NAMED = new LinkedHashMap<>();

    static {
        add(new Profile("h100-7b", 16, 61_440, 1024, 8192, 32_768, 20.0, 30_000, 1.5, 14e9, 57_344,
            3.35e12, 0.75, 0.031, 8.0, 25e9, 0.0));
        add(new Profile("a100-7b", 16, 61_440, 256, 2048, 32_768, 25.0, 11_000, 2.0, 14e9, 57_344,
            2.0e12, 0.75, 0.097, 12.0, 12.5e9, 0.0));
        add(new Profile("h100-llama2-7b", 16, 7_168, 256, 8192, 4096, 20.0, 30_000, 1.5, 13.5e9, 524_288,
            3.35e12, 0.75, 0.028, 8.0, 25e9, 0.0));
        add(new Profile("instant", 16, 61_440, 4096, 65_536, 131_072, 0, Double.POSITIVE_INFINITY, 0, 0, 0,
            3.35e12, 0.75, 0, 0, Double.POSITIVE_INFINITY, 0.0));
    }

    private Profiles() {
    }

    private static void add(Profile profile) {
        NAMED.put(profile.name(), profile);
    }

    /** The profile with this name; fails loudly, listing the allowed names, for an unknown one. */
    public static Profile named(String name) {
        Profile profile = NAMED.get(name);
        if (profile == null) {
            throw new IllegalArgumentException("unknown profile '" + name + "' (allowed: " + names() + ")");
        }
        return profile;
    }

    public static String names() {
        return String.join(", ", NAMED.keySet());
    }
}
