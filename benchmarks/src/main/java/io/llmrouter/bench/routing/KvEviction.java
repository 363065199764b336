package io.llmrouter.bench.routing;

import io.llmrouter.bench.scenario.PluginSet;
import io.llmrouter.bench.scenario.RoutedResult;
import io.llmrouter.bench.scenario.RoutedScenario;
import io.llmrouter.sim.core.Profiles;
import io.llmrouter.sim.virtual.ScenarioConfig;
import java.util.List;
import java.util.Locale;

/**
 * The eviction-pressure scenario of {@code bin/bench routing --virtual}: the shared system prompts of
 * all groups together need {@code pressure} times one replica's KV capacity, so prefixes are evicted
 * and recomputed all the time. {@code prefix-cache} keeps believing a replica holds what it was sent
 * (until its own LRU forgets); {@code kvcache-aware} hears the engines' BlockRemoved events.
 * Both with {@code least-request}, as in Kthena's rows; same requests, same arrival times.
 */
final class KvEviction {

    static final List<String> SETS = List.of(PluginSet.LR_PREFIX, PluginSet.LR_KVCACHE);

    private KvEviction() {
    }

    /** Groups × 4,096-token system prompts = {@code pressure} × one replica's blocks. */
    static ScenarioConfig config(int kvBlocks, double pressure, int promptsPerGroup, double rate, long seed) {
        int groups = (int) Math.round(pressure * kvBlocks / 256.0);
        return new ScenarioConfig(Profiles.named("h100-7b").withNumGpuBlocks(kvBlocks), 3, groups, promptsPerGroup,
                4096, 64, 64, rate, seed);
    }

    static String markdown(ScenarioConfig config, double pressure) {
        return markdown(config, pressure, List.of(1));
    }

    /** One pair of rows per number of router replicas. */
    static String markdown(ScenarioConfig config, double pressure, List<Integer> routerReplicas) {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "**Eviction pressure**: %d groups × %d requests,"
                        + " 4,096-token system prompts (%,d blocks in all = %.1f × one replica's %,d), 64-token questions"
                        + " and outputs, %.0f req/s open loop, 3 replicas\n\n", config.groups(), config.promptsPerGroup(),
                config.groups() * 256, pressure, config.profile().numGpuBlocks(), config.requestRate()));
        md.append("| Plugin Combination | Throughput (req/s) | TTFT (s) | p90 TTFT (s) | p99 TTFT (s) | prefix hit "
                + "| replicas per group |\n|---|---|---|---|---|---|---|\n");
        List<PluginSet> sets = new java.util.ArrayList<>();
        for (int routers : routerReplicas) {
            if (routers == 1) {
                SETS.forEach(name -> sets.add(PluginSet.named(name)));
            } else {
                sets.add(PluginSet.leastRequestAndPrefix(routers));
                sets.add(PluginSet.leastRequestAndKvCache(routers));
            }
        }
        for (PluginSet s : sets) {
            String set = s.name();
            RoutedResult r = RoutedScenario.run(config, s);
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.1f%% | %.2f |%n", set,
                    r.scenario().requestsPerSecond(), r.scenario().meanTtftMs() / 1000, r.p90TtftMs() / 1000,
                    r.scenario().p99TtftMs() / 1000, 100 * r.scenario().prefixHitRate(), r.replicasPerGroup()));
        }
        return md.append('\n').toString();
    }

    /** For trying scales by hand: KV blocks, pressure, prompts per group, rate. */
    public static void main(String[] args) {
        int blocks = Integer.parseInt(args[0]);
        double pressure = Double.parseDouble(args[1]);
        ScenarioConfig config = config(blocks, pressure, Integer.parseInt(args[2]), Double.parseDouble(args[3]), 1);
        List<Integer> routers = args.length > 4 ? java.util.Arrays.stream(args[4].split(",")).map(Integer::valueOf).toList()
                : List.of(1);
        System.out.print(markdown(config, pressure, routers));
    }
}
