package io.llmrouter.adapters.k8s.kubernetes;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.llmrouter.adapters.k8s.manifest.CrdTranslator;
import io.llmrouter.adapters.k8s.manifest.ManifestDocument;
import io.llmrouter.adapters.k8s.manifest.ManifestReader;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.validation.ModelRouteValidator;
import io.llmrouter.domain.validation.ModelServerValidator;
import io.llmrouter.domain.validation.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ModelRoute and ModelServer objects from the informers' caches to domain records, through the same
 * {@link CrdTranslator} the manifest files use, then each object's own validation. An object with an
 * error is skipped (the others are served) and its problems are kept to be reported; Kubernetes
 * cannot refuse it for us unless the webhook is installed.
 *
 * <p>Translations are cached by uid and resourceVersion: an unrelated event (a pod becoming ready)
 * rebuilds the set without translating every route again, and a skipped object is logged once per
 * version, not on every event. Used by one thread only (the source's rebuild thread).
 */
final class CrdObjects {

    /** One object's translation: the record when usable, and its problems either way. */
    record Translated<T>(Optional<T> value, List<Problem> problems) {
    }

    private record Cached(String resourceVersion, Translated<?> translated) {
    }

    private Map<String, Cached> cache = new HashMap<>();
    private Map<String, Cached> next = new HashMap<>();

    /** Starts one rebuild: entries not used by it are dropped at {@link #endRound()}. */
    void beginRound() {
        next = new HashMap<>();
    }

    void endRound() {
        cache = next;
    }

    @SuppressWarnings("unchecked")
    Translated<ModelRoute> route(DynamicKubernetesObject object) {
        return (Translated<ModelRoute>) cached(ManifestReader.MODEL_ROUTE, object);
    }

    @SuppressWarnings("unchecked")
    Translated<ModelServer> server(DynamicKubernetesObject object) {
        return (Translated<ModelServer>) cached(ManifestReader.MODEL_SERVER, object);
    }

    private Translated<?> cached(String kind, DynamicKubernetesObject object) {
        V1ObjectMeta meta = object.getMetadata();
        String key = kind + "/" + (meta == null ? "" : meta.getNamespace() + "/" + meta.getName() + "/" + meta.getUid());
        String version = meta == null || meta.getResourceVersion() == null ? "" : meta.getResourceVersion();
        Cached hit = cache.get(key);
        if (hit == null || !hit.resourceVersion().equals(version) || version.isEmpty()) {
            hit = new Cached(version, translate(kind, object));
        }
        next.put(key, hit);
        return hit.translated();
    }

    static Translated<?> translate(String kind, DynamicKubernetesObject object) {
        ManifestDocument doc = new ManifestDocument("kubernetes", 0, 0, kind, JsonTree.of(object.getRaw()));
        CrdTranslator.Result result = CrdTranslator.translate(List.of(doc));
        List<Problem> problems = new ArrayList<>(result.problems());
        ResourceSet set = result.resources();
        Optional<?> value = kind.equals(ManifestReader.MODEL_ROUTE)
                ? set.routes().stream().findFirst().map(r -> {
                    problems.addAll(ModelRouteValidator.validate(r));
                    return r;
                })
                : set.servers().stream().findFirst().map(s -> {
                    problems.addAll(ModelServerValidator.validate(s));
                    return s;
                });
        if (value.isEmpty() || problems.stream().anyMatch(Problem::isError)) {
            List<Problem> skipped = problems.stream().filter(Problem::isError)
                    .map(p -> Problem.error(p.document(), p.field(), p.message()
                            + " (the object is skipped until it is fixed; the others are served)"))
                    .toList();
            return new Translated<>(Optional.empty(), skipped.isEmpty()
                    ? List.of(Problem.error(kind + " " + name(object), "", "could not be translated; it is skipped"))
                    : skipped);
        }
        // Own validation runs again over the whole set; keep only the translation's warnings here.
        return new Translated<>(value, result.problems());
    }

    private static String name(DynamicKubernetesObject object) {
        V1ObjectMeta meta = object.getMetadata();
        return meta == null ? "(unnamed)" : meta.getNamespace() + "/" + meta.getName();
    }
}
