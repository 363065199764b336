package io.llmrouter.adapters.k8s.manifest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.validation.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small builders for manifest text, and the location of the shipped examples. */
final class TestManifests {

    static final String API = "apiVersion: networking.serving.volcano.sh/v1alpha1\n";

    private TestManifests() {
    }

    static LoadedManifest load(String yaml) {
        return ManifestLoader.load(List.of(new SourceText("test.yaml", yaml)));
    }

    static CrdTranslator.Result translate(String yaml) {
        ManifestReader.Result read = ManifestReader.read(List.of(new SourceText("test.yaml", yaml)));
        assertTrue(read.problems().isEmpty(), () -> "reader problems: " + read.problems());
        return CrdTranslator.translate(read.documents());
    }

    static String route(String name, String server) {
        return API + "kind: ModelRoute\nmetadata: {name: " + name + "}\nspec:\n  modelName: " + name + "\n"
                + "  rules:\n  - targetModels:\n    - modelServerName: " + server + "\n";
    }

    static String server(String name) {
        return API + "kind: ModelServer\nmetadata: {name: " + name + "}\nspec:\n  inferenceEngine: vLLM\n"
                + "  workloadSelector: {matchLabels: {app: " + name + "}}\n  workloadPort: {port: 8000}\n";
    }

    static String endpoint(String name, String app, String address) {
        return API + "kind: StaticEndpoint\nmetadata: {name: " + name + ", labels: {app: " + app + "}}\n"
                + "spec: {address: \"" + address + "\"}\n";
    }

    /** Route r -> server s -> endpoint e: the smallest valid manifest. */
    static String minimal() {
        return String.join("---\n", route("r", "s"), server("s"), endpoint("e", "s", "10.0.0.5:8000"));
    }

    static void assertProblem(List<Problem> problems, boolean error, String field, String... fragments) {
        assertTrue(problems.stream().anyMatch(p -> p.isError() == error && p.field().equals(field)
                && List.of(fragments).stream().allMatch(f -> p.toString().contains(f))),
                () -> "expected " + (error ? "error" : "warning") + " at " + field + " with " + List.of(fragments)
                        + " in:\n" + String.join("\n", problems.stream().map(Problem::toString).toList()));
    }

    /** deploy/examples, found from the module directory Maven runs tests in. */
    static Path examplesDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy/examples"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "deploy/examples not found above " + Path.of("").toAbsolutePath());
        return dir.resolve("deploy/examples");
    }
}
