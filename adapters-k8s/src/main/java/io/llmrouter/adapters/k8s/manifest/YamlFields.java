package io.llmrouter.adapters.k8s.manifest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed, path-aware reads from one YAML mapping. A value of the wrong type becomes a problem (with
 * file, line and field path) and reads as absent, so one document reports all its mistakes at once.
 * An explicit {@code null} reads as absent, as in Kubernetes.
 */
final class YamlFields {

    private final MappingNode node;
    private final String path;
    private final DocumentContext ctx;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlFields(MappingNode node, String path, DocumentContext ctx) {
        this.node = node;
        this.path = path;
        this.ctx = ctx;
        for (NodeTuple tuple : node.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
            if (entries.putIfAbsent(key, tuple) != null) {
                ctx.error(tuple.getKeyNode(), path(key), "is set twice; keep one (Kubernetes rejects duplicate keys)");
            }
        }
    }

    /** The mapping at {@code node}, or empty (with a problem) when it is something else. */
    static Optional<YamlFields> of(Node node, String path, DocumentContext ctx) {
        if (node instanceof MappingNode m) {
            return Optional.of(new YamlFields(m, path, ctx));
        }
        if (!isNull(node)) {
            ctx.error(node, path, "expected an object (key: value lines), got " + describe(node));
        }
        return Optional.empty();
    }

    Node node() {
        return node;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return raw(key).isPresent();
    }

    Optional<Node> raw(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null || isNull(tuple.getValueNode()) ? Optional.empty() : Optional.of(tuple.getValueNode());
    }

    Optional<String> string(String key) {
        return raw(key).flatMap(n -> scalarText(n, path(key)));
    }

    Optional<Long> integer(String key) {
        return raw(key).flatMap(n -> Scalars.integer(n, path(key), ctx));
    }

    /** A CRD int32/uint32 field: numbers beyond 32 bits are reported here, ranges by the validators. */
    Optional<Integer> int32(String key) {
        return integer(key).flatMap(v -> {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                ctx.error(raw(key).orElseThrow(), path(key), v + " is out of range; use a number that fits 32 bits");
                return Optional.empty();
            }
            return Optional.of(v.intValue());
        });
    }

    OptionalInt optionalInt32(String key) {
        return int32(key).map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    Optional<Boolean> bool(String key) {
        return raw(key).flatMap(n -> Scalars.bool(n, path(key), ctx));
    }

    Optional<Duration> duration(String key) {
        return raw(key).flatMap(n -> Scalars.duration(n, path(key), ctx));
    }

    Optional<YamlFields> object(String key) {
        return raw(key).flatMap(n -> of(n, path(key), ctx));
    }

    List<YamlFields> objects(String key) {
        List<YamlFields> out = new ArrayList<>();
        List<Node> items = sequence(key);
        for (int i = 0; i < items.size(); i++) {
            if (isNull(items.get(i))) {
                // Kthena's webhook refuses nil rules and targets; an empty "- " line is one.
                ctx.error(items.get(i), path(key) + "[" + i + "]", "is empty; fill in the entry or remove its '-' line");
            }
            of(items.get(i), path(key) + "[" + i + "]", ctx).ifPresent(out::add);
        }
        return out;
    }

    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        List<Node> items = sequence(key);
        for (int i = 0; i < items.size(); i++) {
            scalarText(items.get(i), path(key) + "[" + i + "]").ifPresent(out::add);
        }
        return out;
    }

    /** A map of strings, such as labels; values must be scalars. */
    Map<String, String> stringMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        object(key).ifPresent(map -> map.entries.forEach((k, tuple) ->
                scalarText(tuple.getValueNode(), map.path(k)).ifPresent(v -> out.put(k, v))));
        return out;
    }

    /** A map of objects keyed by free-form names, such as {@code modelMatch.headers}. */
    Map<String, YamlFields> objectMap(String key) {
        Map<String, YamlFields> out = new LinkedHashMap<>();
        object(key).ifPresent(map -> map.entries.forEach((k, tuple) ->
                of(tuple.getValueNode(), map.path(k), ctx).ifPresent(v -> out.put(k, v))));
        return out;
    }

    /** Warns about every key not in {@code known}, like kubectl's strict field validation, with a suggestion. */
    void warnUnknown(Set<String> known) {
        entries.forEach((key, tuple) -> {
            if (!known.contains(key)) {
                ctx.warning(tuple.getKeyNode(), path(key), "is not a field of " + (path.isEmpty() ? "this document" : path)
                        + " and is ignored" + Suggestions.didYouMean(key, known) + "; known fields: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        });
    }

    private List<Node> sequence(String key) {
        Optional<Node> value = raw(key);
        if (value.isPresent() && !(value.get() instanceof SequenceNode)) {
            ctx.error(value.get(), path(key), "expected a list (lines starting with '- '), got " + describe(value.get()));
            return List.of();
        }
        return value.map(n -> ((SequenceNode) n).getValue()).orElse(List.of());
    }

    private Optional<String> scalarText(Node n, String field) {
        if (n instanceof ScalarNode s && s.getTag() != Tag.NULL) {
            return Optional.of(s.getValue());
        }
        if (!isNull(n)) {
            ctx.error(n, field, "expected a text value, got " + describe(n));
        }
        return Optional.empty();
    }

    static boolean isNull(Node n) {
        return n == null || n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "an object";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return n instanceof ScalarNode s ? "'" + s.getValue() + "'" : "nothing";
    }
}
