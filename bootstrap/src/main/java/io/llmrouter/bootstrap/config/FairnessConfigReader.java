package io.llmrouter.bootstrap.config;

import io.helidon.config.Config;
import io.llmrouter.domain.fairness.FairnessSettings;
import io.llmrouter.domain.fairness.FairnessSettings.AnonymousPriority;
import io.llmrouter.domain.fairness.FairnessSettings.Bands;
import io.llmrouter.domain.fairness.FairnessSettings.FairnessMode;
import io.llmrouter.domain.fairness.GateSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code fairness} section. Names follow Kthena's Helm values ({@code enabled},
 * {@code windowSize}, {@code inputTokenWeight}, {@code outputTokenWeight}, {@code maxConcurrent})
 * and its environment variables for the rest ({@code FAIRNESS_QUEUE_TIMEOUT} → {@code queueTimeout}).
 */
final class FairnessConfigReader {

    private static final Set<String> KEYS = Set.of("enabled", "mode", "windowSize", "inputTokenWeight",
            "outputTokenWeight", "requestWeight", "vtcIdleTtl", "anonymousPriority", "queueTimeout", "maxQueuedRequests",
            "maxQueuedBytes", "gate", "perPodLimit", "maxConcurrent", "maxQps", "queueDepthThreshold",
            "kvCacheThreshold", "tokenThreshold", "flowHeadroom", "podTokenCapacity", "expectedOutputTokens", "bands");
    private static final Set<String> BANDS = Set.of("source", "header", "tiers", "default");

    private FairnessConfigReader() {
    }

    static FairnessConfig read(Config node) {
        Keys.only(node, "fairness", KEYS);
        FairnessSettings d = FairnessSettings.DEFAULT;
        GateSettings g = GateSettings.DEFAULT;
        boolean enabled = Keys.bool(node.get("enabled"), "fairness.enabled", false);
        FairnessMode mode = choice(node.get("mode"), "fairness.mode", Map.of("window", FairnessMode.WINDOW,
                "vtc", FairnessMode.VTC), "window");
        Duration window = RouterConfigLoader.duration(node.get("windowSize"), "fairness.windowSize", "5m");
        if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigException("fairness.windowSize must be from 1m to 1h (as Kthena), was " + window);
        }
        GateSettings.Mode gateMode = choice(node.get("gate"), "fairness.gate", Map.of("utilization",
                GateSettings.Mode.UTILIZATION, "concurrency", GateSettings.Mode.CONCURRENCY, "maxConcurrent",
                GateSettings.Mode.MAX_CONCURRENT, "qps", GateSettings.Mode.QPS), "utilization");
        GateSettings gate;
        try {
            gate = new GateSettings(gateMode, Keys.integer(node.get("perPodLimit"), "fairness.perPodLimit", 0),
                    Keys.integer(node.get("maxConcurrent"), "fairness.maxConcurrent", 0),
                    number(node.get("maxQps"), "fairness.maxQps", g.maxQps()),
                    number(node.get("queueDepthThreshold"), "fairness.queueDepthThreshold", g.queueDepthThreshold()),
                    number(node.get("kvCacheThreshold"), "fairness.kvCacheThreshold", g.kvCacheThreshold()),
                    number(node.get("tokenThreshold"), "fairness.tokenThreshold", g.tokenThreshold()),
                    number(node.get("flowHeadroom"), "fairness.flowHeadroom", g.flowHeadroom()),
                    longValue(node.get("podTokenCapacity"), "fairness.podTokenCapacity", g.podTokenCapacity()),
                    Keys.integer(node.get("expectedOutputTokens"), "fairness.expectedOutputTokens",
                            g.expectedOutputTokens()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("fairness: " + e.getMessage());
        }
        try {
            return new FairnessConfig(enabled, new FairnessSettings(mode, window,
                    number(node.get("inputTokenWeight"), "fairness.inputTokenWeight", d.inputTokenWeight()),
                    number(node.get("outputTokenWeight"), "fairness.outputTokenWeight", d.outputTokenWeight()),
                    number(node.get("requestWeight"), "fairness.requestWeight", d.requestWeight()),
                    RouterConfigLoader.duration(node.get("vtcIdleTtl"), "fairness.vtcIdleTtl", "30m"),
                    choice(node.get("anonymousPriority"), "fairness.anonymousPriority",
                            Map.of("lowest", AnonymousPriority.LOWEST, "equal", AnonymousPriority.EQUAL), "lowest"),
                    RouterConfigLoader.duration(node.get("queueTimeout"), "fairness.queueTimeout", "60s"),
                    Keys.integer(node.get("maxQueuedRequests"), "fairness.maxQueuedRequests", d.maxRequests()),
                    longValue(node.get("maxQueuedBytes"), "fairness.maxQueuedBytes", d.maxBytes()),
                    gate, bands(node.get("bands"))));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("fairness: " + e.getMessage());
        }
    }

    private static Bands bands(Config node) {
        Keys.only(node, "fairness.bands", BANDS);
        Bands.Source source = choice(node.get("source"), "fairness.bands.source", Map.of("none", Bands.Source.NONE,
                "tier", Bands.Source.TIER, "header", Bands.Source.HEADER), "none");
        String header = Keys.scalar(node.get("header"), "fairness.bands.header", "a header name")
                .orElse(Bands.NONE.header()).toLowerCase(Locale.ROOT);
        Map<String, Integer> tiers = new LinkedHashMap<>();
        Config t = node.get("tiers");
        if (t.exists()) {
            for (Config tier : t.asNodeList().orElse(java.util.List.of())) {
                tiers.put(tier.name(), Keys.integer(tier, "fairness.bands.tiers." + tier.name(), 0));
            }
        }
        return new Bands(source, header, tiers, Keys.integer(node.get("default"), "fairness.bands.default", 0));
    }

    private static <T> T choice(Config node, String path, Map<String, T> values, String dflt) {
        String text = Keys.scalar(node, path, "one of " + new java.util.TreeSet<>(values.keySet())).orElse(dflt).trim();
        T v = values.get(text);
        if (v == null) {
            throw new ConfigException(path + " must be one of " + new java.util.TreeSet<>(values.keySet())
                    + ", was '" + text + "'");
        }
        return v;
    }

    private static double number(Config node, String path, double dflt) {
        String text = Keys.scalar(node, path, "a number").orElse(Double.toString(dflt)).trim();
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v) && v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // same message below
        }
        throw new ConfigException(path + " must be a finite number >= 0, was '" + text + "'");
    }

    private static long longValue(Config node, String path, long dflt) {
        String text = Keys.scalar(node, path, "an integer").orElse(Long.toString(dflt)).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(path + " must be an integer, was '" + text + "'");
        }
    }
}
