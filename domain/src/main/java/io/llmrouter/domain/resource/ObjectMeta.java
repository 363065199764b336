package io.llmrouter.domain.resource;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/**
 * The metadata the router uses from a document: identity, labels, and the two fields that order
 * duplicate routes (oldest creation time first, then resource version).
 */
public record ObjectMeta(ResourceId id, Map<String, String> labels, Instant creationTimestamp, String resourceVersion) {

    /** Kthena's order for routes that claim the same model: oldest first, then resource version, then ns/name. */
    public static final Comparator<ObjectMeta> OLDEST_FIRST = Comparator
            .comparing(ObjectMeta::creationTimestamp)
            .thenComparing(ObjectMeta::resourceVersion, ObjectMeta::compareVersions)
            .thenComparing(ObjectMeta::id);

    public ObjectMeta {
        requireNonNull(id, "'id' must not be null");
        labels = Map.copyOf(requireNonNull(labels, "'labels' must not be null"));
        requireNonNull(creationTimestamp, "'creationTimestamp' must not be null");
        resourceVersion = resourceVersion == null ? "" : resourceVersion;
    }

    public static ObjectMeta of(String namespace, String name) {
        return new ObjectMeta(ResourceId.of(namespace, name), Map.of(), Instant.EPOCH, "");
    }

    public String name() {
        return id.name();
    }

    public String namespace() {
        return id.namespace();
    }

    /** Resource versions are opaque strings but in practice decimal counters: shorter means older. */
    private static int compareVersions(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
