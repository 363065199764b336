package io.llmrouter.bench.load;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --name value} and {@code --switch} command-line flags, checked against the allowed names so a
 * typo fails loudly with the list instead of silently running a different benchmark.
 */
public final class Flags {

    private final Map<String, String> values = new HashMap<>();

    private Flags() {
    }

    public static Flags parse(String[] args, Set<String> valued, Set<String> switches) {
        Flags flags = new Flags();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (switches.contains(name)) {
                flags.values.put(name, "true");
            } else if (valued.contains(name) && i + 1 < args.length) {
                flags.values.put(name, args[++i]);
            } else {
                Set<String> allowed = new TreeSet<>(valued);
                allowed.addAll(switches);
                throw new IllegalArgumentException("unknown flag or missing value: " + name + " (allowed: "
                        + String.join(", ", allowed) + ")");
            }
        }
        return flags;
    }

    public boolean on(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        String value = values.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got " + value);
        }
    }

    /** A number; {@code inf} is accepted, as bench_serving's {@code --request-rate} does. */
    public double number(String name, double fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number or inf, got " + value);
        }
    }

    public String oneOf(String name, String fallback, List<String> allowed) {
        String value = string(name, fallback);
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(name + " must be one of " + allowed + ", got " + value);
        }
        return value;
    }
}
