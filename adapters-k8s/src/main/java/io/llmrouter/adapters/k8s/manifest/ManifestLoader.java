package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.validation.DocumentKind;
import io.llmrouter.domain.validation.ModelRouteValidator;
import io.llmrouter.domain.validation.ModelServerValidator;
import io.llmrouter.domain.validation.PodValidator;
import io.llmrouter.domain.validation.Problem;
import io.llmrouter.domain.validation.ResourceSetValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read, translate, validate: the one pipeline that both the file watcher and {@code router validate}
 * use, so what the command accepts is exactly what the router accepts. Problems are tagged with where
 * their document is defined, because validators know documents by name only.
 */
public final class ManifestLoader {

    private ManifestLoader() {
    }

    public static LoadedManifest load(List<SourceText> sources) {
        ManifestReader.Result read = ManifestReader.read(sources);
        CrdTranslator.Result translated = CrdTranslator.translate(read.documents());
        List<Problem> problems = new ArrayList<>(read.problems());
        problems.addAll(translated.problems());
        problems.addAll(validate(translated.resources(), problems.stream().noneMatch(Problem::isError)));
        problems.addAll(NotYetApplied.warnings(translated.resources()));
        problems.addAll(emptyFiles(sources, read));
        Map<String, List<String>> locations = locations(read.documents());
        List<Problem> located = problems.stream().map(p -> locate(p, locations)).toList();
        return new LoadedManifest(translated.resources(), located, locations);
    }

    /**
     * Every document that translated is validated, even when others did not, so one run reports
     * every problem. With documents left out, the checks across documents would warn about their
     * absence ("does not exist", "selects no endpoint"), so then only each document's own problems
     * and the set's errors (duplicates) are kept; the cross-document warnings follow once all translate.
     */
    private static List<Problem> validate(ResourceSet set, boolean translatedCleanly) {
        List<Problem> whole = ResourceSetValidator.validate(set, DocumentKind.STATIC_ENDPOINT);
        if (translatedCleanly) {
            return whole;
        }
        List<Problem> own = new ArrayList<>();
        set.routes().forEach(r -> own.addAll(ModelRouteValidator.validate(r)));
        set.servers().forEach(s -> own.addAll(ModelServerValidator.validate(s)));
        set.pods().forEach(p -> own.addAll(PodValidator.validate(p, DocumentKind.STATIC_ENDPOINT)));
        whole.stream().filter(Problem::isError).filter(p -> !own.contains(p)).forEach(own::add);
        return own;
    }

    /**
     * An empty file is refused: it is what a reader sees while an editor rewrites a file in place,
     * and accepting it would silently drop every route the file held.
     */
    private static List<Problem> emptyFiles(List<SourceText> sources, ManifestReader.Result read) {
        return sources.stream()
                .filter(s -> read.documents().stream().noneMatch(d -> d.file().equals(s.name())))
                .filter(s -> read.problems().stream().noneMatch(p -> p.toString().contains(s.name())))
                .map(s -> Problem.error(s.name(), "", "contains no documents; add ModelRoute, ModelServer or"
                        + " StaticEndpoint documents, or remove the file from the list"))
                .toList();
    }

    private static Map<String, List<String>> locations(List<ManifestDocument> documents) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ManifestDocument doc : documents) {
            out.computeIfAbsent(MetadataTranslator.label(doc), k -> new ArrayList<>()).add(doc.location());
        }
        return out;
    }

    private static Problem locate(Problem p, Map<String, List<String>> locations) {
        List<String> where = locations.get(p.document());
        return where == null ? p
                : new Problem(p.severity(), p.document() + " (" + String.join(", ", where) + ")", p.field(), p.message());
    }
}
