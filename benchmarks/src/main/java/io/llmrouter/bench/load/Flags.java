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

    /**
     * One flag of a subcommand, the single place its name, meaning and default are written: the
     * parser's allowed names and the {@code --help} text both come from these.
     *
     * @param value    what the value is ({@code N}, {@code URL}, ...), or empty for a switch
     * @param fallback the default as a person reads it
     */
    public record Spec(String name, String value, String fallback, String meaning) {

        public static Spec valued(String name, String value, String fallback, String meaning) {
            return new Spec(name, value, fallback, meaning);
        }

        public static Spec toggle(String name, String meaning) {
            return new Spec(name, "", "off", meaning);
        }

        boolean isSwitch() {
            return value.isEmpty();
        }
    }

    private final Map<String, String> values = new HashMap<>();

    private Flags() {
    }

    /** Parses against {@code specs}; {@code --help} and {@code -h} are for {@link #wantsHelp} to catch first. */
    public static Flags parse(String[] args, List<Spec> specs) {
        return parse(args, names(specs, false), names(specs, true));
    }

    /**
     * The start of a benchmark's {@code main}: with {@code --help}, prints {@code help} and returns
     * empty (the caller returns); with a bad flag, says so and exits 2; otherwise the parsed flags.
     */
    public static java.util.Optional<Flags> forMain(String command, String help, List<Spec> specs, String[] args) {
        if (wantsHelp(args)) {
            System.out.print(help);
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(parse(args, specs));
        } catch (IllegalArgumentException e) {
            System.err.println("bench " + command + ": " + e.getMessage());
            System.exit(2);
            return java.util.Optional.empty();
        }
    }

    public static boolean wantsHelp(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /**
     * {@code usage: bin/bench <command> [flags]}, what it does, each flag with its meaning and
     * default, and where the results go.
     */
    public static String help(String command, String summary, List<Spec> specs, String results) {
        StringBuilder out = new StringBuilder("usage: bin/bench ").append(command).append(" [flags]\n\n")
                .append(summary).append("\n\nflags:\n");
        int width = specs.stream().mapToInt(s -> label(s).length()).max().orElse(0);
        for (Spec spec : specs) {
            out.append("  ").append(label(spec)).append(" ".repeat(width - label(spec).length() + 2))
                    .append(spec.meaning()).append(" (default: ").append(spec.fallback()).append(")\n");
        }
        out.append("  --help").append(" ".repeat(Math.max(2, width - 6 + 2))).append("this text\n\n");
        return out.append("results: ").append(results).append('\n').toString();
    }

    private static String label(Spec spec) {
        return spec.isSwitch() ? spec.name() : spec.name() + " " + spec.value();
    }

    private static Set<String> names(List<Spec> specs, boolean switches) {
        Set<String> names = new TreeSet<>();
        specs.stream().filter(s -> s.isSwitch() == switches).forEach(s -> names.add(s.name()));
        return names;
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
