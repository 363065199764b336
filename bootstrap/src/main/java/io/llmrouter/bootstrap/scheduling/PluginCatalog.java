package io.llmrouter.bootstrap.scheduling;

import io.llmrouter.bootstrap.config.ConfigException;
import io.llmrouter.bootstrap.config.ScoreEntry;
import io.llmrouter.bootstrap.config.SchedulerConfig;
import io.llmrouter.domain.scheduling.framework.Filter;
import io.llmrouter.domain.scheduling.framework.Scorer;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import io.llmrouter.domain.scheduling.framework.WeightedScorer;
import io.llmrouter.domain.scheduling.scorer.RandomScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Every scheduling plugin this build knows, by its config name, and the one place that turns a
 * {@link SchedulerConfig} into a {@link SchedulingProfile}. Unknown names fail startup with the
 * list of known ones; there is no silent fallback.
 */
public final class PluginCatalog {

    private final Map<String, Function<Map<String, String>, Scorer>> scorers;
    private final Map<String, Function<Map<String, String>, Filter>> filters;

    private PluginCatalog(Map<String, Function<Map<String, String>, Scorer>> scorers,
                          Map<String, Function<Map<String, String>, Filter>> filters) {
        this.scorers = new TreeMap<>(scorers);
        this.filters = new TreeMap<>(filters);
    }

    public static PluginCatalog defaults(RandomGenerator random) {
        return new PluginCatalog(Map.of(RandomScorer.TYPE, args -> new RandomScorer(random)), Map.of());
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
        return new SchedulingProfile(chosenFilters, chosenScorers, config.topN());
    }

    private static <T> T lookup(Map<String, T> known, String name, String phase) {
        T factory = known.get(name);
        if (factory == null) {
            throw new ConfigException("scheduler.plugins." + phase + ": plugin '" + name
                    + "' is not available in this build (available " + phase + " plugins: " + known.keySet() + ")");
        }
        return factory;
    }
}
