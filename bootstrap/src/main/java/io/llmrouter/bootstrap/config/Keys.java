package io.llmrouter.bootstrap.config;

import io.helidon.config.Config;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Strict reading helpers: unknown keys and malformed numbers are errors that list what is allowed. */
final class Keys {

    private Keys() {
    }

    static void only(Config node, String path, Set<String> allowed) {
        if (!node.exists() || node.isLeaf()) {
            return;
        }
        for (Config child : node.asNodeList().orElse(java.util.List.of())) {
            if (!allowed.contains(child.name())) {
                String where = path.isEmpty() ? child.name() : path + "." + child.name();
                throw new ConfigException("unknown router config key '" + where + "' (allowed here: "
                        + new TreeSet<>(allowed) + ")");
            }
        }
    }

    /**
     * The text of a single value, empty when the key is absent; a list or a map where one value
     * belongs is an error saying what is allowed ({@code allowed} reads "must be ...").
     */
    static Optional<String> scalar(Config node, String path, String allowed) {
        return switch (node.type()) {
            case MISSING -> Optional.empty();
            case VALUE -> node.asString().asOptional();
            case LIST -> throw new ConfigException(path + " must be " + allowed + ", was a list");
            case OBJECT -> throw new ConfigException(path + " must be " + allowed + ", was a map");
        };
    }

    static boolean bool(Config node, String path, boolean defaultValue) {
        String text = scalar(node, path, "true or false").orElse(Boolean.toString(defaultValue)).trim();
        if (!text.equals("true") && !text.equals("false")) {
            throw new ConfigException(path + " must be true or false, was '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }

    static int integer(Config node, String path, int defaultValue) {
        Optional<String> value = scalar(node, path, "an integer");
        if (value.isEmpty()) {
            return defaultValue;
        }
        String text = value.get();
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(path + " must be an integer, was '" + text + "'");
        }
    }
}
