package io.llmrouter.bench.routing;

import java.util.List;

/**
 * One row of the Kthena blog's table: its label there and the {@code scheduler} section that asks
 * this router for the same score plugins. No filter is enabled, so each row measures its scorers
 * alone, as the blog's rows do. Weights are 1 each (the blog does not give them).
 */
record PluginRow(String label, List<String> scorers) {

    /** The blog's rows, in its order; kvcache-aware is attempted and reported as skipped if the router lacks it. */
    static List<PluginRow> kthenaTable() {
        return List.of(
                new PluginRow("Least Request + KVCacheAware", List.of("least-request", "kvcache-aware")),
                new PluginRow("Least Request + Prefix Cache", List.of("least-request", "prefix-cache")),
                new PluginRow("Random", List.of("random")),
                new PluginRow("Least Request", List.of("least-request")),
                new PluginRow("GPU Usage", List.of("gpu-usage")),
                new PluginRow("Least Latency", List.of("least-latency")));
    }

    /** The router config's {@code scheduler} section, with the metrics cadence for the simulated engines. */
    String schedulerYaml(String scrapeInterval) {
        StringBuilder yaml = new StringBuilder("engineMetrics:\n  scrapeInterval: " + scrapeInterval + "\n"
                + "scheduler:\n  plugins:\n    Score:\n      enabled:\n");
        scorers.forEach(s -> yaml.append("        - {name: ").append(s).append(", weight: 1}\n"));
        return yaml.toString();
    }
}
