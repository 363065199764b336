package io.llmrouter.bootstrap.scheduling;

import io.llmrouter.bootstrap.config.ConfigException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads one plugin's {@code args} strictly: unknown keys and malformed numbers stop startup. */
final class PluginArgs {

    private final String plugin;
    private final Map<String, String> args;

    PluginArgs(String plugin, Map<String, String> args, Set<String> allowed) {
        this.plugin = plugin;
        this.args = args;
        for (String key : args.keySet()) {
            if (!allowed.contains(key)) {
                throw new ConfigException("scheduler.pluginConfig '" + plugin + "': unknown arg '" + key + "' (allowed: "
                        + (allowed.isEmpty() ? "none" : new TreeSet<>(allowed).toString()) + ")");
            }
        }
    }

    int integer(String key, int defaultValue) {
        String v = args.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "a whole number");
        }
    }

    long longValue(String key, long defaultValue) {
        String v = args.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "a whole number");
        }
    }

    double decimal(String key, double defaultValue) {
        String v = args.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number");
        }
    }

    /** Builds the typed args, turning their own validation errors into config errors. */
    <T> T build(java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("scheduler.pluginConfig '" + plugin + "': " + e.getMessage());
        }
    }

    private ConfigException bad(String key, String value, String expected) {
        return new ConfigException("scheduler.pluginConfig '" + plugin + "': arg '" + key + "' must be " + expected
                + ", was '" + value + "'");
    }
}
