package io.llmrouter.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's answers that need no listener: serve without a config, validate of config files. */
class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void serve_withoutConfig_saysConfigFileIsNeeded() throws Exception {
        assertEquals(Main.BAD_CONFIG, run("serve"));
        assertTrue(err().startsWith("error: serve needs --config FILE"), err());
        assertTrue(!err().contains("datastore.files is empty"), err());
    }

    @Test
    void validate_examplesDirectory_readsTheRouterConfigAsOne() throws Exception {
        Path examples = Path.of("..", "deploy", "examples").toAbsolutePath().normalize();
        assertEquals(0, run("validate", examples.toString()), err());
        assertTrue(out().startsWith("router config " + examples.resolve("router-config.yaml") + ": listeners"), out());
        assertTrue(out().contains("ModelRoute default/deepseek-multi-models"), out());
        assertEquals("", err());
    }

    @Test
    void validate_routerConfig_reportsEveryProblemAtOnce() throws Exception {
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                listeners:
                  inferense: {port: 1}
                  admin: {tokn: x}
                upstream:
                  idleTimeout: soon
                auth: {issuer: x}
                """);
        Path manifest = Files.writeString(dir.resolve("models.yaml"), """
                apiVersion: networking.serving.volcano.sh/v1alpha1
                kind: ModelServer
                metadata: {name: s}
                spec: {inferenceEngine: Triton, workloadPort: {port: 8000}}
                """);
        assertEquals(1, run("validate", config.toString(), manifest.toString()));
        String text = err();
        assertTrue(text.contains("error: " + config + ": unknown router config key 'listeners.inferense'"), text);
        assertTrue(text.contains("error: " + config + ": unknown router config key 'listeners.admin.tokn'"), text);
        assertTrue(text.contains("error: " + config + ": upstream.idleTimeout must be a duration"), text);
        assertTrue(text.contains("spec.inferenceEngine: line 4: 'Triton' is not an engine"), text);
        assertTrue(text.endsWith("INVALID: 4 errors, 0 warnings\n"), text);
    }

    @Test
    void help_listsHostAndDirectories() throws Exception {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("--host H"), out());
        assertTrue(out().contains("router validate FILE_OR_DIRECTORY..."), out());
    }
}
