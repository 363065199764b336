package io.llmrouter.bench.routing;

import java.util.Map;
import java.util.Optional;

/**
 * The Kthena benchmark blog's Table 2 (docs/kthena/blog/2025-09-09-benchmark; kthena.md §k):
 * throughput (req/s), mean latency (s) and mean TTFT (s) per plugin set. For the short system
 * prompt the blog gives only its best row (Least Request + Prefix Cache, 8.30 req/s; all rows
 * 7 to 8.3).
 */
record BlogNumbers(double requestsPerSecond, double latencySeconds, double ttftSeconds) {

    private static final Map<String, BlogNumbers> LONG = Map.of(
            RoutingRow.KV_AWARE, new BlogNumbers(32.22, 9.22, 0.57),
            RoutingRow.LR_PREFIX, new BlogNumbers(23.87, 12.47, 0.83),
            RoutingRow.RANDOM, new BlogNumbers(11.81, 25.23, 2.15),
            RoutingRow.LR, new BlogNumbers(9.86, 30.13, 12.46),
            RoutingRow.GPU, new BlogNumbers(9.56, 30.92, 13.14),
            RoutingRow.LL, new BlogNumbers(9.47, 31.44, 11.07));
    private static final Map<String, BlogNumbers> SHORT = Map.of(
            RoutingRow.LR_PREFIX, new BlogNumbers(8.30, Double.NaN, Double.NaN));

    static Optional<BlogNumbers> of(Variant variant, String blogRow) {
        if (blogRow == null) {
            return Optional.empty();
        }
        return Optional.ofNullable((variant == Variant.LONG ? LONG : SHORT).get(blogRow));
    }
}
