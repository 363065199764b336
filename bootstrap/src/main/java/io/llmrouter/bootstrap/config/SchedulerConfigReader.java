package io.llmrouter.bootstrap.config;

import io.helidon.config.Config;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code scheduler} section written for Kthena:
 * <pre>
 * scheduler:
 *   pluginConfig:
 *   - name: least-request
 *     args: {maxWaitingRequests: 10}
 *   plugins:
 *     Filter: {enabled: [least-request], disabled: [lora-affinity]}
 *     Score:
 *       enabled: [{name: random, weight: 1}]
 *       disabled: []
 *   topN: 5                      # this router's addition: candidates tried in order
 * </pre>
 * {@code disabled} wins over {@code enabled} (Kthena ignores it). Whether each named plugin
 * exists is checked when the profile is built, against the plugin catalog.
 */
final class SchedulerConfigReader {

    private static final Set<String> SCHEDULER = Set.of("pluginConfig", "plugins", "topN");
    private static final Set<String> PLUGINS = Set.of("Filter", "Score");
    private static final Set<String> PHASE = Set.of("enabled", "disabled");

    private SchedulerConfigReader() {
    }

    static SchedulerConfig read(Config node) {
        if (!node.exists()) {
            return SchedulerConfig.DEFAULT;
        }
        Keys.only(node, "scheduler", SCHEDULER);
        Keys.only(node.get("plugins"), "scheduler.plugins", PLUGINS);
        Config filter = node.get("plugins").get("Filter");
        Config score = node.get("plugins").get("Score");
        Keys.only(filter, "scheduler.plugins.Filter", PHASE);
        Keys.only(score, "scheduler.plugins.Score", PHASE);
        Set<String> disabledFilters = new HashSet<>(filter.get("disabled").asList(String.class).orElse(List.of()));
        Set<String> disabledScores = new HashSet<>(score.get("disabled").asList(String.class).orElse(List.of()));
        List<String> filters = filter.get("enabled").asList(String.class).orElse(List.of()).stream()
                .filter(f -> !disabledFilters.contains(f)).toList();
        List<ScoreEntry> scores = scoreEntries(score.get("enabled")).stream()
                .filter(s -> !disabledScores.contains(s.name())).toList();
        if (!score.get("enabled").exists()) {
            scores = SchedulerConfig.DEFAULT.scores();
        }
        int topN = Keys.integer(node.get("topN"), "scheduler.topN", SchedulerConfig.DEFAULT.topN());
        if (topN < 1) {
            throw new ConfigException("scheduler.topN must be >= 1, was " + topN);
        }
        return new SchedulerConfig(pluginArgs(node.get("pluginConfig")), filters, scores, topN);
    }

    private static List<ScoreEntry> scoreEntries(Config enabled) {
        List<ScoreEntry> entries = new ArrayList<>();
        List<Config> nodes = enabled.asNodeList().orElse(List.of());
        for (int i = 0; i < nodes.size(); i++) {
            Config entry = nodes.get(i);
            String where = "scheduler.plugins.Score.enabled[" + i + "]";
            Keys.only(entry, where, Set.of("name", "weight"));
            String name = entry.get("name").asString()
                    .orElseThrow(() -> new ConfigException(where + ".name is required"));
            String text = Keys.scalar(entry.get("weight"), where + ".weight", "a number >= 0").orElse("1.0").trim();
            double weight;
            try {
                weight = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                weight = Double.NaN;
            }
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new ConfigException(where + ".weight must be a number >= 0, was '" + text + "'");
            }
            entries.add(new ScoreEntry(name, weight));
        }
        return entries;
    }

    private static Map<String, Map<String, String>> pluginArgs(Config pluginConfig) {
        Map<String, Map<String, String>> args = new HashMap<>();
        if (pluginConfig.exists() && pluginConfig.type() != Config.Type.LIST) {
            throw new ConfigException("scheduler.pluginConfig must be a list of {name, args} entries");
        }
        List<Config> nodes = pluginConfig.asNodeList().orElse(List.of());
        for (int i = 0; i < nodes.size(); i++) {
            Config entry = nodes.get(i);
            String where = "scheduler.pluginConfig[" + i + "]";
            Keys.only(entry, where, Set.of("name", "args"));
            String name = entry.get("name").asString()
                    .orElseThrow(() -> new ConfigException(where + ".name is required"));
            args.put(name, relativeMap(entry.get("args")));
        }
        return args;
    }

    /** Helidon flattens a subtree to full keys ("scheduler.pluginConfig.0.args.x"); plugins want "x". */
    private static Map<String, String> relativeMap(Config node) {
        if (!node.exists()) {
            return Map.of();
        }
        String prefix = node.key().toString() + ".";
        Map<String, String> relative = new HashMap<>();
        node.asMap().orElse(Map.of()).forEach((k, v) -> relative.put(k.startsWith(prefix) ? k.substring(prefix.length()) : k, v));
        return relative;
    }
}
