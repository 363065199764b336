package io.llmrouter.bootstrap.config;

import io.helidon.config.Config;
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

    static int integer(Config node, String path, int defaultValue) {
        if (!node.exists()) {
            return defaultValue;
        }
        String text = node.asString().get();
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(path + " must be an integer, was '" + text + "'");
        }
    }
}
