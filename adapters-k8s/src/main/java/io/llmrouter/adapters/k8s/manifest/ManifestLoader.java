package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.validation.DocumentKind;
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
        boolean translatedCleanly = problems.stream().noneMatch(Problem::isError);
        // Validating a set with documents missing would add misleading "does not exist" warnings.
        if (translatedCleanly) {
            problems.addAll(ResourceSetValidator.validate(translated.resources(), DocumentKind.STATIC_ENDPOINT));
        }
        problems.addAll(emptyFiles(sources, read));
        Map<String, List<String>> locations = locations(read.documents());
        List<Problem> located = problems.stream().map(p -> locate(p, locations)).toList();
        return new LoadedManifest(translated.resources(), located, locations);
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
