package io.llmrouter.bootstrap.config;

import io.helidon.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/** Strict reading helpers: unknown keys and malformed numbers are errors that list what is allowed. */
final class Keys {

    /**
     * The problems of the file being read on this thread, while {@link #collecting} runs: a file's
     * mistakes are then reported together rather than one per attempt. Kept here, not passed along,
     * so every section reader (and any added later) collects through the same {@link #only} and
     * {@link #section} calls.
     */
    private static final ThreadLocal<List<String>> COLLECTED = new ThreadLocal<>();

    private Keys() {
    }

    /**
     * Reads a whole file: unknown keys and every section's bad value are collected, and if there
     * were any, one {@link ConfigException} lists them all.
     */
    static <T> T collecting(Supplier<T> read) {
        List<String> problems = new ArrayList<>();
        COLLECTED.set(problems);
        T result = null;
        try {
            result = read.get();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        } finally {
            COLLECTED.remove();
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return result;
    }

    /** One section of a file: its problem is noted (when collecting) and {@code fallback} stands in for it. */
    static <T> T section(Supplier<T> read, T fallback) {
        List<String> problems = COLLECTED.get();
        if (problems == null) {
            return read.get();
        }
        try {
            return read.get();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return fallback;
        }
    }

    static void only(Config node, String path, Set<String> allowed) {
        if (!node.exists() || node.isLeaf()) {
            return;
        }
        for (Config child : node.asNodeList().orElse(java.util.List.of())) {
            if (!allowed.contains(child.name())) {
                String where = path.isEmpty() ? child.name() : path + "." + child.name();
                report("unknown router config key '" + where + "' (allowed here: " + new TreeSet<>(allowed) + ")");
            }
        }
    }

    /** An unknown key: noted when collecting (the rest of the file is still read), else thrown. */
    private static void report(String problem) {
        List<String> problems = COLLECTED.get();
        if (problems == null) {
            throw new ConfigException(problem);
        }
        problems.add(problem);
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
