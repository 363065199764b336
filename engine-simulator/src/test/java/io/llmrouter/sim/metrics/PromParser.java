package io.llmrouter.sim.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text format (0.0.4) for tests: every line must be a comment
 * or a well-formed sample, names may contain colons, label values are quoted, and each sample
 * name must belong to a family declared by a TYPE line. Throws on anything malformed.
 */
final class PromParser {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern SAMPLE = Pattern.compile(
        "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"(,|$)");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

    final Map<String, String> types = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();
    final List<String> labelOrders = new ArrayList<>();

    static PromParser parse(String text) {
        PromParser parser = new PromParser();
        for (String line : text.split("\n")) {
            parser.line(line);
        }
        return parser;
    }

    private void line(String line) {
        if (line.isEmpty() || line.startsWith("# HELP ")) {
            return;
        }
        Matcher type = TYPE.matcher(line);
        if (type.matches()) {
            types.put(type.group(1), type.group(2));
            return;
        }
        Matcher sample = SAMPLE.matcher(line);
        if (!sample.matches()) {
            throw new IllegalArgumentException("malformed line: " + line);
        }
        Map<String, String> labels = labels(sample.group(3) == null ? "" : sample.group(3), line);
        String name = sample.group(1);
        if (types.get(family(name)) == null) {
            throw new IllegalArgumentException("sample without a TYPE line: " + line);
        }
        samples.add(new Sample(name, labels, value(sample.group(4))));
    }

    private Map<String, String> labels(String text, String line) {
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher m = LABEL.matcher(text);
        int end = 0;
        while (end < text.length() && m.find(end) && m.start() == end) {
            labels.put(m.group(1), m.group(2));
            end = m.end();
        }
        if (end != text.length()) {
            throw new IllegalArgumentException("malformed labels: " + line);
        }
        labelOrders.add(String.join(",", labels.keySet()));
        return labels;
    }

    private String family(String name) {
        for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
            if (name.endsWith(suffix) && "histogram".equals(types.get(name.substring(0, name.length() - suffix.length())))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    /** The single sample with this name (and, optionally, these label values). */
    double value(String name, String... labelPairs) {
        List<Sample> matching = samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one sample " + name + " but found " + matching.size());
        }
        return matching.get(0).value();
    }

    List<Sample> all(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
