package io.llmrouter.bootstrap.config;

import java.util.List;
import java.util.Map;

/**
 * The {@code scheduler} section in Kthena's schema: per-plugin args, enabled filters and weighted
 * scorers, and {@code disabled} lists, which (unlike Kthena) remove a plugin even when enabled.
 */
public record SchedulerConfig(Map<String, Map<String, String>> pluginArgs, List<String> filters,
                              List<ScoreEntry> scores, int topN) {

    /**
     * Least request plus prefix cache, no filter: the pair that did best in the Kthena benchmark
     * without engine KV events. Kthena's chart also enables the least-request filter; in the
     * shared-prefix scenario it drops the pod that holds a group's prefix exactly when the cache
     * matters most (docs/benchmarks.md, "Scheduler in the loop").
     */
    public static final SchedulerConfig DEFAULT = new SchedulerConfig(Map.of(), List.of(),
            List.of(new ScoreEntry("least-request", 1), new ScoreEntry("prefix-cache", 1)), 5);

    public SchedulerConfig {
        pluginArgs = Map.copyOf(pluginArgs);
        filters = List.copyOf(filters);
        scores = List.copyOf(scores);
    }
}
