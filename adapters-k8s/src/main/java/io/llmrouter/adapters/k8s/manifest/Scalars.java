package io.llmrouter.adapters.k8s.manifest;

import java.time.Duration;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Conversions of YAML scalars to the CRD's types. They are as strict as the Kubernetes API server:
 * {@code weight: "70"} (a quoted number) is refused, because kubectl would refuse it too.
 */
final class Scalars {

    private Scalars() {
    }

    static Optional<Long> integer(Node n, String field, DocumentContext ctx) {
        if (n instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
            try {
                return Optional.of(Long.parseLong(s.getValue().replace("_", "").replaceFirst("^\\+", "")));
            } catch (NumberFormatException e) {
                ctx.error(n, field, "'" + s.getValue() + "' is not a plain decimal number; write it like 70");
                return Optional.empty();
            }
        }
        String hint = n instanceof ScalarNode s && Tag.STR.equals(s.getTag()) && s.getValue().matches("-?[0-9]+")
                ? "; remove the quotes" : "; write a whole number, e.g. 70";
        ctx.error(n, field, "expected a whole number, got " + YamlFields.describe(n) + hint);
        return Optional.empty();
    }

    static Optional<Boolean> bool(Node n, String field, DocumentContext ctx) {
        if (n instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            return Optional.of(Boolean.parseBoolean(s.getValue()) || s.getValue().equalsIgnoreCase("yes")
                    || s.getValue().equalsIgnoreCase("on"));
        }
        ctx.error(n, field, "expected true or false, got " + YamlFields.describe(n));
        return Optional.empty();
    }

    /** A timeout or interval: a Go duration from 0 to {@link GoDuration#LONGEST_WAIT}, as {@link GoDuration#parseWait}. */
    static Optional<Duration> duration(Node n, String field, DocumentContext ctx) {
        if (!(n instanceof ScalarNode s) || !Tag.STR.equals(s.getTag())) {
            String hint = n instanceof ScalarNode s2 && Tag.INT.equals(s2.getTag()) ? "; add a unit, e.g. "
                    + s2.getValue() + "s" : "; " + GoDuration.ALLOWED_FORM;
            ctx.error(n, field, "expected a duration, got " + YamlFields.describe(n) + hint);
            return Optional.empty();
        }
        try {
            return Optional.of(GoDuration.parseWait(s.getValue()));
        } catch (IllegalArgumentException e) {
            ctx.error(n, field, e.getMessage());
            return Optional.empty();
        }
    }
}
