package io.llmrouter.adapters.k8s.manifest;

import static io.llmrouter.adapters.k8s.manifest.TestManifests.assertProblem;
import static io.llmrouter.adapters.k8s.manifest.TestManifests.endpoint;
import static io.llmrouter.adapters.k8s.manifest.TestManifests.load;
import static io.llmrouter.adapters.k8s.manifest.TestManifests.minimal;
import static io.llmrouter.adapters.k8s.manifest.TestManifests.route;
import static io.llmrouter.adapters.k8s.manifest.TestManifests.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestLoaderTest {

    @Test
    void load_minimalManifest_isValidWithoutWarnings() {
        LoadedManifest loaded = load(minimal());
        assertEquals(List.of(), loaded.problems());
        assertEquals(1, loaded.resources().routes().size());
        assertEquals("test.yaml:1", loaded.locationOf("ModelRoute default/r"));
    }

    @Test
    void load_validatorProblem_namesTheFileOfItsDocument() {
        LoadedManifest loaded = load(minimal().replace("port: 8000", "port: 0"));
        assertTrue(loaded.hasErrors());
        assertEquals("ModelServer default/s (test.yaml:10)", loaded.errors().getFirst().document());
    }

    @Test
    void load_duplicateAcrossFiles_namesBothPlaces() {
        LoadedManifest loaded = ManifestLoader.load(List.of(new SourceText("a.yaml", minimal()),
                new SourceText("b.yaml", server("s"))));
        assertProblem(loaded.errors(), true, "metadata.name", "a.yaml:10, b.yaml:1", "more than once");
    }

    @Test
    void load_missingServerAndLonelyEndpoint_warnButLoad() {
        LoadedManifest loaded = load(String.join("---\n", route("r", "nope"), server("s"),
                endpoint("e", "s", "10.0.0.5:8000"), endpoint("orphan", "x", "10.0.0.6")));
        assertFalse(loaded.hasErrors());
        assertProblem(loaded.warnings(), false, "spec.rules[0].targetModels[0].modelServerName", "404");
    }

    @Test
    void load_translationError_skipsCrossDocumentWarnings() {
        // The server fails to translate, so "route target does not exist" would only mislead.
        LoadedManifest loaded = load(minimal().replace("inferenceEngine: vLLM", "inferenceEngine: Triton"));
        assertEquals(1, loaded.problems().size(), loaded.problems()::toString);
        assertProblem(loaded.errors(), true, "spec.inferenceEngine", "'Triton' is not an engine");
    }

    @Test
    void load_emptyFile_isRefusedSoAHalfWrittenFileCannotDropEveryRoute() {
        LoadedManifest loaded = ManifestLoader.load(List.of(new SourceText("a.yaml", minimal()),
                new SourceText("empty.yaml", "# nothing yet\n")));
        assertTrue(loaded.hasErrors());
        assertProblem(loaded.errors(), true, "", "empty.yaml", "contains no documents");
    }
}
