package io.llmrouter.bench.routing;

import io.llmrouter.bench.scenario.PluginSet;
import io.llmrouter.bench.scenario.RoutedResult;
import io.llmrouter.bench.scenario.RoutedScenario;
import io.llmrouter.domain.scheduling.scorer.GpuUsage;
import io.llmrouter.domain.scheduling.scorer.LeastLatency;
import io.llmrouter.sim.core.Profiles;
import io.llmrouter.sim.virtual.ScenarioConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/bench routing --virtual}: the same rows and scale in virtual time, through the
 * scheduler-in-the-loop driver ({@link RoutedScenario}): the router's plugins in process, no HTTP,
 * seconds of wall time. That driver sends arrivals open-loop (no concurrency cap), so queues form
 * at the engines instead of at the client; E2E latency is not reported by it.
 */
final class VirtualRouting {

    /** Row label → the driver's plugin-set name. */
    private static final Map<String, String> SETS = Map.of(
            "Least Request + KVCacheAware", PluginSet.LR_KVCACHE,
            "Least Request + Prefix Cache", PluginSet.LR_PREFIX,
            "Random", PluginSet.RANDOM,
            "Least Request", PluginSet.LEAST_REQUEST,
            "GPU Usage", GpuUsage.TYPE,
            "Least Latency", LeastLatency.TYPE);

    private VirtualRouting() {
    }

    static String markdown(RoutingScale scale, List<Variant> variants, long seed) {
        StringBuilder md = new StringBuilder("Virtual time, open-loop arrivals. Scale: ").append(scale.describe())
                .append("\n\n");
        for (Variant variant : variants) {
            ScenarioConfig config = new ScenarioConfig(Profiles.named("h100-7b").withNumGpuBlocks(scale.kvBlocks()), 3,
                    scale.groups(), scale.promptsPerGroup(), variant.systemPromptLen, variant.questionLen,
                    scale.outputLen(), scale.requestRate(), seed);
            md.append("**").append(variant.title).append("**\n\n| Plugin Combination | Throughput (req/s) | TTFT (s) "
                    + "| p99 TTFT (s) | prefix hit | replicas per group |\n|---|---|---|---|---|---|\n");
            for (PluginRow row : PluginRow.kthenaTable()) {
                String set = SETS.get(row.label());
                if (set == null) {
                    md.append("| ").append(row.label()).append(" | – | – | – | – | skipped: no such plugin yet |\n");
                    continue;
                }
                RoutedResult r = RoutedScenario.run(config, PluginSet.named(set));
                md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.1f%% | %.2f |%n", row.label(),
                        r.scenario().requestsPerSecond(), r.scenario().meanTtftMs() / 1000,
                        r.scenario().p99TtftMs() / 1000, 100 * r.scenario().prefixHitRate(), r.replicasPerGroup()));
            }
            md.append('\n');
        }
        // eviction pressure: the system prompts need 4x one replica's blocks; 1 and 4 router replicas
        // 30 req/s whatever the scale: about what 3 replicas serve at this hit rate (more only builds queues)
        ScenarioConfig eviction = KvEviction.config(scale.kvBlocks(), 4, 8, 30.0, seed);
        md.append(KvEviction.markdown(eviction, 4, List.of(1, 4)));
        return md.toString();
    }
}
