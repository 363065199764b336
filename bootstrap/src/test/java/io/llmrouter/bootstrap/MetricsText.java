package io.llmrouter.bootstrap;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sample values out of a Prometheus text exposition, for assertions. */
final class MetricsText {

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;

    MetricsText(String text) {
        this.text = text;
    }

    /** The sum of every sample of {@code name} whose labels include {@code labels} (0 when none). */
    double sum(String name, String... labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                Map<String, String> have = labels(line);
                if (matches(have, labels)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
    }

    boolean has(String name, String... labels) {
        for (String line : text.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && matches(labels(line), labels)) {
                return true;
            }
        }
        return false;
    }

    /** Every sample line of {@code name} (exactly that name, any labels). */
    java.util.List<String> samples(String name) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                out.add(line);
            }
        }
        return out;
    }

    private static boolean matches(Map<String, String> have, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(have.get(labels[i]))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> labels(String line) {
        Map<String, String> out = new HashMap<>();
        int open = line.indexOf('{');
        int close = line.lastIndexOf('}');
        if (open < 0 || close < open) {
            return out;
        }
        Matcher m = LABEL.matcher(line.substring(open + 1, close));
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
