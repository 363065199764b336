package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code metadata} to {@link ObjectMeta}. Namespace defaults to {@code default}. Kthena orders routes
 * that claim the same model oldest first; files have no creation time, so a document without
 * {@code creationTimestamp} gets the epoch and its position among all documents as resource version:
 * earlier in the files means older.
 */
final class MetadataTranslator {

    /** RFC 1123 subdomain, what Kubernetes demands of names and namespaces. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final Set<String> KNOWN = Set.of("name", "namespace", "labels", "annotations", "creationTimestamp",
            "resourceVersion", "uid", "generation", "managedFields", "ownerReferences", "finalizers", "generateName",
            "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");

    private MetadataTranslator() {
    }

    /** The name as problems show it before the document is understood: {@code "ModelRoute default/x"}. */
    static String label(ManifestDocument doc) {
        YamlFields root = YamlFields.of(doc.root(), "", new DocumentContext(doc.file(), "")).orElseThrow();
        Optional<YamlFields> meta = root.object("metadata");
        String name = meta.flatMap(m -> m.string("name")).filter(n -> !n.isBlank()).orElse("(unnamed)");
        String namespace = meta.flatMap(m -> m.string("namespace")).filter(n -> !n.isBlank())
                .orElse(ResourceId.DEFAULT_NAMESPACE);
        return doc.kind() + " " + namespace + "/" + name;
    }

    static Optional<ObjectMeta> translate(YamlFields root, ManifestDocument doc, DocumentContext ctx) {
        root.warnUnknown(TOP_LEVEL);
        Optional<YamlFields> meta = root.object("metadata");
        if (meta.isEmpty()) {
            ctx.error(root.node(), "metadata", "is missing; add metadata: {name: my-" + doc.kind().toLowerCase() + "}");
            return Optional.empty();
        }
        YamlFields m = meta.get();
        m.warnUnknown(KNOWN);
        Optional<String> name = m.string("name").filter(n -> checkName(n, "metadata.name", m, ctx));
        Optional<String> namespace = m.string("namespace").filter(n -> checkName(n, "metadata.namespace", m, ctx));
        if (m.string("name").isEmpty()) {
            ctx.error(m.node(), "metadata.name", "is required; give the " + doc.kind() + " a name");
        }
        Optional<Instant> created = m.raw("creationTimestamp").flatMap(n -> timestamp(n, ctx));
        String version = m.string("resourceVersion").orElse(created.isPresent() ? "" : Integer.toString(doc.ordinal()));
        return name.map(n -> new ObjectMeta(ResourceId.of(namespace.orElse(null), n), m.stringMap("labels"),
                created.orElse(Instant.EPOCH), version));
    }

    private static boolean checkName(String value, String field, YamlFields m, DocumentContext ctx) {
        if (value.length() <= 253 && NAME.matcher(value).matches()) {
            return true;
        }
        ctx.error(m.node(), field, "'" + value + "' is not a valid Kubernetes name; use lower-case letters, digits,"
                + " '-' and '.', starting and ending with a letter or digit (at most 253 characters)");
        return false;
    }

    private static Optional<Instant> timestamp(org.yaml.snakeyaml.nodes.Node n, DocumentContext ctx) {
        String text = n instanceof org.yaml.snakeyaml.nodes.ScalarNode s ? s.getValue() : "";
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            ctx.error(n, "metadata.creationTimestamp", "'" + text + "' is not an RFC 3339 time; write e.g."
                    + " 2025-01-31T12:00:00Z, or remove it to order by position in the files");
            return Optional.empty();
        }
    }
}
