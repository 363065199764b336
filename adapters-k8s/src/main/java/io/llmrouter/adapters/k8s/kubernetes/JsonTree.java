package io.llmrouter.adapters.k8s.kubernetes;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * An object read from the API server (JSON) as the document tree the manifest translators read, so
 * that a ModelRoute means the same from a file and from the cluster: one translation, two sources.
 * JSON types map to the YAML tags the translators check (a JSON number without fraction is an
 * {@code int}, as the API server's own decoding treats it). The tree has no positions, so problems
 * name the object and the field, not a line.
 */
final class JsonTree {

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    private JsonTree() {
    }

    static MappingNode of(JsonObject object) {
        return (MappingNode) node(object);
    }

    static Node node(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return scalar(Tag.NULL, "null");
        }
        if (e instanceof JsonObject o) {
            List<NodeTuple> tuples = new ArrayList<>();
            for (Map.Entry<String, JsonElement> entry : o.entrySet()) {
                tuples.add(new NodeTuple(scalar(Tag.STR, entry.getKey()), node(entry.getValue())));
            }
            return new MappingNode(Tag.MAP, tuples, DumperOptions.FlowStyle.BLOCK);
        }
        if (e instanceof JsonArray a) {
            List<Node> items = new ArrayList<>();
            a.forEach(item -> items.add(node(item)));
            return new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.BLOCK);
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return scalar(Tag.BOOL, Boolean.toString(p.getAsBoolean()));
        }
        if (p.isNumber()) {
            String text = p.getAsString();
            return scalar(INTEGER.matcher(text).matches() ? Tag.INT : Tag.FLOAT, text);
        }
        return scalar(Tag.STR, p.getAsString());
    }

    private static ScalarNode scalar(Tag tag, String value) {
        return new ScalarNode(tag, value, null, null, DumperOptions.ScalarStyle.PLAIN);
    }
}
