package io.llmrouter.bootstrap.scheduling;

import io.llmrouter.bootstrap.config.ConfigException;
import io.llmrouter.bootstrap.config.ScoreEntry;
import io.llmrouter.bootstrap.config.SchedulerConfig;
import io.llmrouter.domain.kvcache.KvBlockIndex;
import io.llmrouter.domain.scheduling.framework.PromptTokens;
import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.scheduling.filter.LeastRequestFilter;
import io.llmrouter.domain.scheduling.filter.LoraAffinity;
import io.llmrouter.domain.scheduling.framework.Filter;
import io.llmrouter.domain.scheduling.framework.Scorer;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import io.llmrouter.domain.scheduling.framework.WeightedScorer;
import io.llmrouter.domain.scheduling.scorer.GpuUsage;
import io.llmrouter.domain.scheduling.scorer.KvCacheAware;
import io.llmrouter.domain.scheduling.scorer.LeastLatency;
import io.llmrouter.domain.scheduling.scorer.LeastRequest;
import io.llmrouter.domain.scheduling.scorer.PrefixCache;
import io.llmrouter.domain.scheduling.scorer.RandomScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Every scheduling plugin this build knows, by its config name, and the one place that turns a
 * {@link SchedulerConfig} into a {@link SchedulingProfile}. Unknown names and args fail startup
 * (or a reload) with the list of known ones; there is no silent fallback.
 */
public final class PluginCatalog {

    private static final Set<String> LEAST_REQUEST_ARGS = Set.of("maxWaitingRequests");

    private final Map<String, Function<Map<String, String>, Scorer>> scorers = new TreeMap<>();
    private final Map<String, Function<Map<String, String>, Filter>> filters = new TreeMap<>();
    private final Ticker ticker;

    /**
     * What {@code kvcache-aware} reads: the block index the KV-event subscriber fills, shared by
     * every profile a reload builds (the events, not the config, are its source), and the engines'
     * tokenizer.
     */
    public record KvCacheSupport(KvBlockIndex index, PromptTokens tokens) {
        /** No subscriber: the plugin still loads, and every pod scores through its prefix-cache view. */
        public static KvCacheSupport none() {
            return new KvCacheSupport(new KvBlockIndex(KvBlockIndex.BYTES_PER_BLOCK, () -> 0L), PromptTokens.none());
        }
    }

    private PluginCatalog(Ticker ticker) {
        this.ticker = ticker;
    }

    public static PluginCatalog defaults(RandomGenerator random, Ticker ticker) {
        return defaults(random, ticker, KvCacheSupport.none());
    }

    public static PluginCatalog defaults(RandomGenerator random, Ticker ticker, KvCacheSupport kv) {
        PluginCatalog c = new PluginCatalog(ticker);
        c.scorers.put(KvCacheAware.TYPE, args -> kvCacheAware(args, kv, ticker));
        c.scorers.put(RandomScorer.TYPE, args -> noArgs(RandomScorer.TYPE, args, new RandomScorer(random)));
        c.scorers.put(LeastRequest.TYPE, args -> {
            new PluginArgs(LeastRequest.TYPE, args, LEAST_REQUEST_ARGS);
            return new LeastRequest();
        });
        c.scorers.put(GpuUsage.TYPE, args -> noArgs(GpuUsage.TYPE, args, new GpuUsage()));
        c.scorers.put(LeastLatency.TYPE, PluginCatalog::leastLatency);
        c.scorers.put(PrefixCache.TYPE, PluginCatalog::prefixCache);
        c.filters.put(LeastRequestFilter.TYPE, PluginCatalog::leastRequestFilter);
        c.filters.put(LoraAffinity.TYPE, args -> noArgs(LoraAffinity.TYPE, args, new LoraAffinity()));
        return c;
    }

    public static PluginCatalog defaults(RandomGenerator random) {
        return defaults(random, Ticker.disabled());
    }

    public SchedulingProfile profile(SchedulerConfig config) {
        List<Filter> chosenFilters = new ArrayList<>();
        for (String name : config.filters()) {
            chosenFilters.add(lookup(filters, name, "Filter").apply(config.pluginArgs().getOrDefault(name, Map.of())));
        }
        List<WeightedScorer> chosenScorers = new ArrayList<>();
        for (ScoreEntry entry : config.scores()) {
            Scorer scorer = lookup(scorers, entry.name(), "Score").apply(config.pluginArgs().getOrDefault(entry.name(), Map.of()));
            chosenScorers.add(new WeightedScorer(scorer, entry.weight()));
        }
        for (String configured : config.pluginArgs().keySet()) {
            if (!scorers.containsKey(configured) && !filters.containsKey(configured)) {
                throw new ConfigException("scheduler.pluginConfig names unknown plugin '" + configured + "' (known: "
                        + new java.util.TreeSet<>(java.util.stream.Stream.concat(scorers.keySet().stream(),
                        filters.keySet().stream()).toList()) + ")");
            }
        }
        return new SchedulingProfile(chosenFilters, chosenScorers, config.topN(), ticker);
    }

    private static Scorer leastLatency(Map<String, String> raw) {
        PluginArgs args = new PluginArgs(LeastLatency.TYPE, raw, Set.of("TTFTTPOTWeightFactor"));
        double alpha = args.decimal("TTFTTPOTWeightFactor", LeastLatency.Args.DEFAULT.ttftWeight());
        return new LeastLatency(args.build(() -> new LeastLatency.Args(alpha)));
    }

    private static Scorer prefixCache(Map<String, String> raw) {
        PluginArgs args = new PluginArgs(PrefixCache.TYPE, raw,
                Set.of("blockSizeToHash", "maxBlocksToMatch", "maxHashCacheSize", "topKMatches", "maxMemoryBytes"));
        PrefixCache.Args d = PrefixCache.Args.DEFAULT;
        int block = args.integer("blockSizeToHash", d.blockSizeToHash());
        int blocks = args.integer("maxBlocksToMatch", d.maxBlocksToMatch());
        int perPod = args.integer("maxHashCacheSize", d.maxHashCacheSize());
        int topK = args.integer("topKMatches", d.topKMatches());
        long memory = args.longValue("maxMemoryBytes", d.maxMemoryBytes());
        return new PrefixCache(args.build(() -> new PrefixCache.Args(block, blocks, perPod, topK, memory)));
    }

    /** Kthena's args, plus this router's; Kthena's tokenizer ports are accepted (the engine's own API port is used). */
    private static Scorer kvCacheAware(Map<String, String> raw, KvCacheSupport kv, Ticker ticker) {
        PluginArgs args = new PluginArgs(KvCacheAware.TYPE, raw, Set.of("blockSizeToHash", "maxBlocksToMatch",
                "offloadWeight", "staleAfterMillis", "speculativeTtlMillis", "vllmTokenizerPort", "sglangTokenizerPort"));
        KvCacheAware.Args d = KvCacheAware.Args.DEFAULT;
        int block = args.integer("blockSizeToHash", d.blockSizeToHash());
        int blocks = args.integer("maxBlocksToMatch", d.maxBlocksToMatch());
        double offload = args.decimal("offloadWeight", d.offloadWeight());
        long stale = args.longValue("staleAfterMillis", d.staleAfterMillis());
        long speculative = args.longValue("speculativeTtlMillis", d.speculativeTtlMillis());
        args.integer("vllmTokenizerPort", 8000);
        args.integer("sglangTokenizerPort", 30000);
        KvCacheAware.Args built = args.build(() -> new KvCacheAware.Args(block, blocks, offload, stale, speculative));
        // the fallback view hashes the prompt's text like prefix-cache with its default args
        return new KvCacheAware(built, kv.index(), kv.tokens(), ticker, new PrefixCache(PrefixCache.Args.DEFAULT));
    }

    private static Filter leastRequestFilter(Map<String, String> raw) {
        PluginArgs args = new PluginArgs(LeastRequestFilter.TYPE, raw, LEAST_REQUEST_ARGS);
        int max = args.integer("maxWaitingRequests", LeastRequestFilter.Args.DEFAULT.maxWaitingRequests());
        return new LeastRequestFilter(args.build(() -> new LeastRequestFilter.Args(max)));
    }

    private static <T> T noArgs(String name, Map<String, String> args, T plugin) {
        new PluginArgs(name, args, Set.of());
        return plugin;
    }

    private static <T> T lookup(Map<String, T> known, String name, String phase) {
        T factory = known.get(name);
        if (factory == null) {
            throw new ConfigException("scheduler.plugins." + phase + ": plugin '" + name
                    + "' is not available (available " + phase + " plugins: " + known.keySet() + ")");
        }
        return factory;
    }
}
