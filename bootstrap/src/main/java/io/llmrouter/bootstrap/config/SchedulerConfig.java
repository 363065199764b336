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
     * Least request plus prefix cache, with the queue-length filter: the pair that did best in the
     * Kthena benchmark without engine KV events (see docs/benchmarks.md for this router's numbers).
     */
    public static final SchedulerConfig DEFAULT = new SchedulerConfig(Map.of(), List.of("least-request"),
            List.of(new ScoreEntry("least-request", 1), new ScoreEntry("prefix-cache", 1)), 5);

    public SchedulerConfig {
        pluginArgs = Map.copyOf(pluginArgs);
        filters = List.copyOf(filters);
        scores = List.copyOf(scores);
    }
}
