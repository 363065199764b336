package io.llmrouter.bench.routing;

import io.llmrouter.bench.scenario.Placer;
import io.llmrouter.bench.scenario.PluginSet;
import io.llmrouter.domain.scheduling.filter.LoraAffinity;
import io.llmrouter.domain.scheduling.framework.WeightedScorer;
import io.llmrouter.domain.scheduling.scorer.GpuUsage;
import io.llmrouter.domain.scheduling.scorer.LeastLatency;
import io.llmrouter.domain.scheduling.scorer.LeastRequest;
import io.llmrouter.domain.scheduling.scorer.PrefixCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One row of a routing table: its label, how it places requests in virtual time, the router config
 * that asks for the same plugins over HTTP (empty when the row is benchmark-only: Kthena's own
 * algorithms and the oracle are not router plugins), and which of the blog's rows it stands for.
 *
 * @param label   the table's label
 * @param kind    whose algorithm it is
 * @param set     virtual-time placer
 * @param http    the router's plugins for the HTTP mode, if the router has them
 * @param blogRow the blog's row with these plugins, for its numbers (null: none)
 */
record RoutingRow(String label, Kind kind, PluginSet set, Optional<PluginRow> http, String blogRow) {

    enum Kind {
        /** This router's plugins, as it ships them. */
        ROUTER,
        /** Kthena's algorithm as the blog ran it (benchmark-only plugin set). */
        KTHENA,
        /** Not a routing algorithm anyone would ship: random, or the group-affinity oracle. */
        BASELINE,
        ORACLE
    }

    static final String KV_AWARE = "Least Request + KVCacheAware";
    static final String LR_PREFIX = "Least Request + Prefix Cache";
    static final String LR_PREFIX_KTHENA = "Least Request + Prefix Cache (Kthena: learns after the response)";
    static final String RANDOM = "Random";
    static final String LR = "Least Request";
    static final String LR_KTHENA = "Least Request (Kthena: scraped metrics only)";
    static final String GPU = "GPU Usage";
    static final String LL = "Least Latency";
    static final String ORACLE = "group affinity (oracle)";
    static final String LR_PREFIX_LORA = "Least Request + Prefix Cache + LoRA affinity";

    /** The blog's table: its rows, then the Kthena-faithful ones and the oracle. */
    static List<RoutingRow> blogTable() {
        List<PluginRow> http = PluginRow.kthenaTable();
        return List.of(
                new RoutingRow(KV_AWARE, Kind.ROUTER, PluginSet.named(PluginSet.LR_KVCACHE).withName(KV_AWARE), Optional.of(http.get(0)), KV_AWARE),
                new RoutingRow(LR_PREFIX, Kind.ROUTER, PluginSet.named(PluginSet.LR_PREFIX).withName(LR_PREFIX),
                        Optional.of(http.get(1)), LR_PREFIX),
                kthenaLrPrefix(),
                random(http.get(2)),
                new RoutingRow(LR, Kind.ROUTER, PluginSet.named(PluginSet.LEAST_REQUEST).withName(LR), Optional.of(http.get(3)), LR),
                kthenaLr(),
                new RoutingRow(GPU, Kind.ROUTER, PluginSet.named(GpuUsage.TYPE).withName(GPU), Optional.of(http.get(4)), GPU),
                new RoutingRow(LL, Kind.ROUTER, PluginSet.named(LeastLatency.TYPE).withName(LL), Optional.of(http.get(5)), LL),
                oracle());
    }

    /** The rows of the hard workloads: random, least-request both ways, the default both ways, the static oracle. */
    static List<RoutingRow> hardTable(boolean lora) {
        List<PluginRow> http = PluginRow.kthenaTable();
        List<RoutingRow> rows = new ArrayList<>(List.of(
                new RoutingRow(LR_PREFIX + " (router default)", Kind.ROUTER,
                        PluginSet.named(PluginSet.LR_PREFIX).withName(LR_PREFIX + " (router default)"),
                        Optional.of(http.get(1)), null),
                kthenaLrPrefix(),
                random(http.get(2)),
                new RoutingRow(LR, Kind.ROUTER, PluginSet.named(PluginSet.LEAST_REQUEST).withName(LR), Optional.of(http.get(3)), null),
                kthenaLr()));
        if (lora) {
            rows.add(1, new RoutingRow(LR_PREFIX_LORA, Kind.ROUTER, PluginSet.of(LR_PREFIX_LORA, List.of(new LoraAffinity()),
                    seed -> List.of(new WeightedScorer(new LeastRequest(), 1),
                            new WeightedScorer(new PrefixCache(PrefixCache.Args.DEFAULT), 1))), Optional.empty(), null));
        }
        rows.add(new RoutingRow("static affinity (oracle: group mod 3)", Kind.ORACLE,
                new PluginSet("static affinity (oracle: group mod 3)", seed -> Placer.groupAffinity()), Optional.empty(), null));
        // the blog has no numbers for these workloads
        return rows.stream().map(RoutingRow::withoutBlog).toList();
    }

    private RoutingRow withoutBlog() {
        return new RoutingRow(label, kind, set, http, null);
    }

    private static RoutingRow random(PluginRow http) {
        return new RoutingRow(RANDOM, Kind.BASELINE, PluginSet.named(PluginSet.RANDOM).withName(RANDOM), Optional.of(http), RANDOM);
    }

    private static RoutingRow kthenaLr() {
        return new RoutingRow(LR_KTHENA, Kind.KTHENA, PluginSet.kthenaLeastRequest(LR_KTHENA), Optional.empty(), LR);
    }

    private static RoutingRow kthenaLrPrefix() {
        return new RoutingRow(LR_PREFIX_KTHENA, Kind.KTHENA, PluginSet.kthenaLeastRequestAndPrefix(LR_PREFIX_KTHENA),
                Optional.empty(), LR_PREFIX);
    }

    private static RoutingRow oracle() {
        return new RoutingRow(ORACLE, Kind.ORACLE, new PluginSet(ORACLE, seed -> Placer.groupAffinity()), Optional.empty(),
                KV_AWARE);
    }
}
