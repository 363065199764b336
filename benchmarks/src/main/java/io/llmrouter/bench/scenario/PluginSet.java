package io.llmrouter.bench.scenario;

import io.llmrouter.bench.scenario.Placer.Feedback;
import io.llmrouter.domain.scheduling.filter.LeastRequestFilter;
import io.llmrouter.domain.scheduling.framework.Filter;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import io.llmrouter.domain.scheduling.framework.WeightedScorer;
import io.llmrouter.domain.scheduling.scorer.GpuUsage;
import io.llmrouter.domain.scheduling.scorer.LeastLatency;
import io.llmrouter.domain.scheduling.scorer.LeastRequest;
import io.llmrouter.domain.scheduling.scorer.PrefixCache;
import io.llmrouter.domain.scheduling.scorer.RandomScorer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * One row of the scenario table: a named way of placing requests, built fresh (empty prefix index,
 * seeded randomness) for every run. The sets are those of Kthena's benchmark blog plus the router's
 * default and the group-affinity oracle. Every plugin uses its default args; prefix-cache's
 * default {@code maxBlocksToMatch} 128 × 64 bytes hashes the first 2,048 tokens of a prompt
 * (4 bytes per token), all inside the 4,096-token system prompt: enough to tell groups apart.
 * Every set feeds the prefix index at dispatch, as the router does; the Kthena row feeds it only
 * after each response (Kthena's PostSchedule), to measure what that choice costs.
 */
public record PluginSet(String name, LongFunction<Placer> placer) {

    public static final String RANDOM = "random";
    public static final String LEAST_REQUEST = "least-request";
    public static final String LR_PREFIX = "least-request + prefix-cache (router default)";
    public static final String ROUTER_DEFAULT = LR_PREFIX;
    public static final String KTHENA_CHART = "LR filter + least-request + prefix-cache (Kthena's chart set)";
    public static final String LR_PREFIX_AFTER_RESPONSE = "least-request + prefix-cache, learning after the response (Kthena)";
    public static final String ORACLE = "group-affinity (oracle)";
    public static final String LR_KVCACHE = KvEventsPlacer.NAME;

    /** The rows of the table, in order. */
    public static List<PluginSet> all() {
        return List.of(
                scored(RANDOM, seed -> List.of(new WeightedScorer(new RandomScorer(new SplittableRandom(seed)), 1))),
                scored(LEAST_REQUEST, seed -> List.of(new WeightedScorer(new LeastRequest(), 1))),
                scored(GpuUsage.TYPE, seed -> List.of(new WeightedScorer(new GpuUsage(), 1))),
                scored(LeastLatency.TYPE, seed -> List.of(new WeightedScorer(new LeastLatency(LeastLatency.Args.DEFAULT), 1))),
                scored(LR_PREFIX, seed -> leastRequestAndPrefix()),
                profiled(KTHENA_CHART, List.of(new LeastRequestFilter(LeastRequestFilter.Args.DEFAULT)),
                        seed -> leastRequestAndPrefix()),
                profiled(LR_PREFIX_AFTER_RESPONSE, List.of(), seed -> leastRequestAndPrefix(), Feedback.ON_RESPONSE),
                new PluginSet(ORACLE, seed -> Placer.groupAffinity()));
    }

    public static PluginSet named(String name) {
        if (name.equals(LR_KVCACHE)) {
            return KvEventsPlacer.set(); // not in all(): its table predates the plugin and keeps its rows
        }
        return all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown plugin set '" + name + "'"));
    }

    /**
     * {@code least-request + prefix-cache} behind {@code routerReplicas} routers taking turns, each
     * with its own prefix view (learned from its own dispatches only, as every router replica's is).
     */
    public static PluginSet leastRequestAndPrefix(int routerReplicas) {
        return new PluginSet(LR_PREFIX + ", " + routerReplicas + " router replicas", seed -> {
            List<Placer> routers = new java.util.ArrayList<>();
            for (int r = 0; r < routerReplicas; r++) {
                routers.add(Placer.of(new SchedulingProfile(List.of(), leastRequestAndPrefix(),
                        SchedulingProfile.DEFAULT_TOP_N), new SplittableRandom((seed + r) ^ 0x5DEECE66DL), Feedback.AT_DISPATCH));
            }
            int[] next = {0};
            return new Placer() {
                @Override
                public io.llmrouter.domain.pod.Pod choose(io.llmrouter.domain.scheduling.framework.SchedulingRequest request,
                                                          int group, List<io.llmrouter.domain.scheduling.framework.Candidate> candidates) {
                    return routers.get(next[0]++ % routers.size()).choose(request, group, candidates);
                }

                @Override
                public void served(io.llmrouter.domain.scheduling.framework.SchedulingRequest request,
                                   io.llmrouter.domain.pod.Pod pod) {
                }
            };
        });
    }

    /** Kthena's least-request as the blog ran it: the last scrape's running + 100 × waiting, no in-flight counts. */
    public static PluginSet kthenaLeastRequest(String name) {
        return scored(name, seed -> List.of(new WeightedScorer(new ScrapedLeastRequest(), 1)));
    }

    /**
     * Kthena's least-request + prefix-cache as the blog ran it: scraped-only least-request, and a prefix
     * index that learns a pod only once a response completed (Kthena's PostSchedule).
     */
    public static PluginSet kthenaLeastRequestAndPrefix(String name) {
        return profiled(name, List.of(), seed -> List.of(new WeightedScorer(new ScrapedLeastRequest(), 1),
                new WeightedScorer(new PrefixCache(PrefixCache.Args.DEFAULT), 1)), Feedback.ON_RESPONSE);
    }

    /** Any scorers (and filters), learning at dispatch, under {@code name}. */
    public static PluginSet of(String name, List<Filter> filters, LongFunction<List<WeightedScorer>> scorers) {
        return profiled(name, filters, scorers);
    }

    /** The same set under another name (a table's label). */
    public PluginSet withName(String label) {
        return new PluginSet(label, placer);
    }

    /** {@code least-request + kvcache-aware} behind {@code routerReplicas} routers (see {@link KvEventsPlacer}). */
    public static PluginSet leastRequestAndKvCache(int routerReplicas) {
        return KvEventsPlacer.set(routerReplicas);
    }

    private static List<WeightedScorer> leastRequestAndPrefix() {
        return List.of(new WeightedScorer(new LeastRequest(), 1),
                new WeightedScorer(new PrefixCache(PrefixCache.Args.DEFAULT), 1));
    }

    private static PluginSet scored(String name, LongFunction<List<WeightedScorer>> scorers) {
        return profiled(name, List.of(), scorers);
    }

    private static PluginSet profiled(String name, List<Filter> filters, LongFunction<List<WeightedScorer>> scorers) {
        return profiled(name, filters, scorers, Feedback.AT_DISPATCH);
    }

    /** Filters are stateless, so one list serves every run; scorers (prefix index, RNG) are fresh per run. */
    private static PluginSet profiled(String name, List<Filter> filters, LongFunction<List<WeightedScorer>> scorers,
                                      Feedback feedback) {
        return new PluginSet(name, seed -> Placer.of(
                new SchedulingProfile(filters, scorers.apply(seed), SchedulingProfile.DEFAULT_TOP_N),
                new SplittableRandom(seed ^ 0x5DEECE66DL), feedback));
    }
}
