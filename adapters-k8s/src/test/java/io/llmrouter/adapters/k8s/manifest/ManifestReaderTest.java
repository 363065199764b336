package io.llmrouter.adapters.k8s.manifest;

import static io.llmrouter.adapters.k8s.manifest.TestManifests.API;
import static io.llmrouter.adapters.k8s.manifest.TestManifests.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {

    private static ManifestReader.Result read(String yaml) {
        return ManifestReader.read(List.of(new SourceText("models.yaml", yaml)));
    }

    @Test
    void read_multiDocumentFile_returnsEachInOrderWithLines() {
        ManifestReader.Result result = read("---\n" + TestManifests.minimal() + "---\n");
        assertEquals(List.of("ModelRoute", "ModelServer", "StaticEndpoint"),
                result.documents().stream().map(ManifestDocument::kind).toList());
        assertEquals(List.of(2, 11, 19), result.documents().stream().map(ManifestDocument::line).toList());
        assertEquals(List.of(0, 1, 2), result.documents().stream().map(ManifestDocument::ordinal).toList());
        assertEquals(List.of(), result.problems());
    }

    @Test
    void read_severalFiles_numbersDocumentsAcrossFiles() {
        ManifestReader.Result result = ManifestReader.read(List.of(new SourceText("a.yaml", TestManifests.server("s")),
                new SourceText("b.yaml", TestManifests.route("r", "s"))));
        assertEquals(List.of("a.yaml:1#0", "b.yaml:1#1"),
                result.documents().stream().map(d -> d.location() + "#" + d.ordinal()).toList());
    }

    @Test
    void read_kubectlGetList_unpacksItems() {
        String list = "apiVersion: v1\nkind: List\nmetadata: {resourceVersion: \"\"}\nitems:\n"
                + "- apiVersion: networking.serving.volcano.sh/v1alpha1\n  kind: ModelServer\n  metadata: {name: a}\n"
                + "  spec: {}\n"
                + "- apiVersion: networking.serving.volcano.sh/v1alpha1\n  kind: ModelRoute\n  metadata: {name: b}\n"
                + "  spec: {}\n";
        ManifestReader.Result result = read(list);
        assertEquals(List.of("ModelServer", "ModelRoute"), result.documents().stream().map(ManifestDocument::kind).toList());
        assertEquals(List.of(5, 9), result.documents().stream().map(ManifestDocument::line).toList());
    }

    @Test
    void read_unknownKind_namesAllowedKindsAndSuggests() {
        ManifestReader.Result result = read(API + "kind: ModelRoutes\nmetadata: {name: x}\nspec: {}\n");
        assertEquals(List.of(), result.documents());
        assertProblem(result.problems(), true, "kind", "models.yaml:1", "'ModelRoutes' is not served",
                "did you mean 'ModelRoute'", "ModelRoute, ModelServer, StaticEndpoint");
    }

    @Test
    void read_kubernetesDeployment_isRefused() {
        ManifestReader.Result result = read("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n");
        assertProblem(result.problems(), true, "kind", "'Deployment' is not served");
    }

    @Test
    void read_wrongApiVersion_saysWhichToWrite() {
        ManifestReader.Result result = read("apiVersion: networking.serving.volcano.sh/v1\nkind: ModelServer\n");
        assertProblem(result.problems(), true, "apiVersion", "write apiVersion: networking.serving.volcano.sh/v1alpha1");
    }

    @Test
    void read_yamlSyntaxError_reportsFileLineAndColumn() {
        ManifestReader.Result result = read(API + "kind: ModelRoute\nmetadata:\n  name: x\n   bad: indent\n");
        assertEquals(1, result.problems().size(), result.problems()::toString);
        assertProblem(result.problems(), true, "", "line 5, column", "is not valid YAML");
    }

    @Test
    void read_documentThatIsAList_isRefused() {
        ManifestReader.Result result = read("- a\n- b\n");
        assertProblem(result.problems(), true, "", "models.yaml:1", "expected an object");
    }

    @Test
    void read_emptyDocumentsAndComments_areSkipped() {
        ManifestReader.Result result = read("# nothing here\n---\n---\n" + TestManifests.server("s"));
        assertEquals(1, result.documents().size());
        assertEquals(List.of(), result.problems());
    }
}
