package io.llmrouter.bench.routing;

import java.util.Locale;

/**
 * The blog's workload shrunk by one factor so it runs in minutes on a laptop-sized machine: groups,
 * request rate, concurrency and each replica's KV capacity all scale together, which keeps what made
 * the blog's numbers (the system prompts of all groups do not fit in one replica's cache, and the
 * requests in flight fill a similar share of it). Prompts per group shrink too; prompt and output
 * lengths do not.
 *
 * @param groups          shared-prefix groups (blog: 256)
 * @param promptsPerGroup requests per group (blog: 32)
 * @param requestRate     Poisson rate, req/s (blog: 800)
 * @param maxConcurrency  in-flight cap (blog: 300)
 * @param kvBlocks        16-token KV blocks per replica (h100-7b: 61,440, about vLLM's on an H100 at 0.9)
 * @param outputLen       tokens generated per request (blog: 256)
 * @param speedup         simulated engines run this many times faster than real time
 */
record RoutingScale(int groups, int promptsPerGroup, double requestRate, int maxConcurrency, int kvBlocks,
                    int outputLen, double speedup) {

    static final int BLOG_GROUPS = 256;
    static final int FULL_KV_BLOCKS = 61_440;

    /** {@code 1/divisor} of the blog: groups, rate, concurrency and KV blocks divided by it. */
    static RoutingScale ofBlog(int divisor, int promptsPerGroup, int outputLen, double speedup) {
        return new RoutingScale(BLOG_GROUPS / divisor, promptsPerGroup, 800.0 / divisor, Math.round(300f / divisor),
                FULL_KV_BLOCKS / divisor, outputLen, speedup);
    }

    /** How many times smaller than the blog (1 = the blog's scale). */
    int divisor() {
        return Math.max(1, BLOG_GROUPS / groups);
    }

    int requests() {
        return groups * promptsPerGroup;
    }

    String describe() {
        return String.format(Locale.ROOT, "%d groups × %d requests (blog 256 × 32), rate %.0f req/s (blog 800), "
                + "max concurrency %d (blog 300), %,d KV blocks per replica (%,d tokens; H100 ≈ 61,440), "
                + "output %d tokens (blog 256), 3 replicas, speed-up %.1f", groups, promptsPerGroup, requestRate,
                maxConcurrency, kvBlocks, kvBlocks * 16, outputLen, speedup);
    }
}
