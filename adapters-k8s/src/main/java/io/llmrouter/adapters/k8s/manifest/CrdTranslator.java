package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.validation.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Documents to domain records, one small translator per kind; CRD defaults are applied there and
 * nowhere else. A document with a translation error is left out of the set (and its errors reported),
 * so callers must check {@link Result#problems()} before using the set.
 */
public final class CrdTranslator {

    private CrdTranslator() {
    }

    public record Result(ResourceSet resources, List<Problem> problems) {

        public Result {
            problems = List.copyOf(problems);
        }
    }

    public static Result translate(List<ManifestDocument> documents) {
        List<ModelRoute> routes = new ArrayList<>();
        List<ModelServer> servers = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (ManifestDocument doc : documents) {
            DocumentContext ctx = new DocumentContext(doc.file(), MetadataTranslator.label(doc));
            try {
                translateOne(doc, ctx, routes, servers, pods);
            } catch (RuntimeException e) {
                // A translator bug must still end as a problem a person can act on, not a stack trace.
                ctx.error(doc.root(), "", "could not be read (" + e + "); please report this with the document");
            }
            problems.addAll(ctx.problems());
        }
        return new Result(new ResourceSet(routes, servers, pods), problems);
    }

    private static void translateOne(ManifestDocument doc, DocumentContext ctx, List<ModelRoute> routes,
                                     List<ModelServer> servers, List<Pod> pods) {
        YamlFields root = YamlFields.of(doc.root(), "", ctx).orElseThrow();
        Optional<ObjectMeta> meta = MetadataTranslator.translate(root, doc, ctx);
        Optional<YamlFields> spec = root.object("spec");
        if (spec.isEmpty()) {
            ctx.error(root.node(), "spec", "is missing; a " + doc.kind() + " needs a spec");
        }
        if (meta.isEmpty() || spec.isEmpty()) {
            return;
        }
        switch (doc.kind()) {
            case ManifestReader.MODEL_ROUTE -> routes.add(ModelRouteTranslator.translate(meta.get(), spec.get(), ctx));
            case ManifestReader.MODEL_SERVER -> ModelServerTranslator.translate(meta.get(), spec.get(), ctx)
                    .ifPresent(servers::add);
            case ManifestReader.STATIC_ENDPOINT -> StaticEndpointTranslator.translate(meta.get(), spec.get(), ctx)
                    .ifPresent(pods::add);
            default -> throw new IllegalStateException("the reader lets only known kinds through: " + doc.kind());
        }
    }
}
