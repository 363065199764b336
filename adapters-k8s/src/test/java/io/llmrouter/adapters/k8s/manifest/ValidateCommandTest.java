package io.llmrouter.adapters.k8s.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Path... files) {
        return ValidateCommand.run(List.of(files), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_validExample_printsWhatItUnderstoodAndExitsZero() {
        int status = run(TestManifests.examplesDir().resolve("standalone-multi-models.yaml"));
        assertEquals(ValidateCommand.VALID, status, err());
        String text = out();
        assertTrue(text.contains("ModelRoute default/deepseek-multi-models  (" ), text);
        assertTrue(text.contains("  model: deepseek-multi-models\n"), text);
        assertTrue(text.contains("  rule 1 'premium': header user-type exact:premium\n"
                + "    -> ModelServer deepseek-r1-7b  weight 100 (100%)\n"), text);
        assertTrue(text.contains("  rule 2 'default': every request\n"), text);
        assertTrue(text.contains("  engine: vLLM, model sent: deepseek-ai/DeepSeek-R1-Distill-Qwen-7B\n"), text);
        assertTrue(text.contains("  traffic: timeout 30s, 2 retries, 100ms apart\n"), text);
        assertTrue(text.contains("  address: 10.0.0.13 (port from the ModelServer), ready\n"), text);
        assertTrue(text.contains("  selected by: default/deepseek-r1-7b (serving)\n"), text);
        assertTrue(text.endsWith("OK: 1 ModelRoute, 2 ModelServers, 3 StaticEndpoints; 0 warnings\n"), text);
        assertEquals("", err());
    }

    @Test
    void run_weightedAndPdExamples_showSharesAndRoles() {
        Path examples = TestManifests.examplesDir();
        assertEquals(0, run(examples.resolve("standalone-subset.yaml"), examples.resolve("standalone-pd.yaml")), err());
        String text = out();
        assertTrue(text.contains("-> ModelServer deepseek-r1-v1  weight 70 (70%)"), text);
        assertTrue(text.contains("-> ModelServer deepseek-r1-v2  weight 30 (30%)"), text);
        assertTrue(text.contains("selected by: default/deepseek-r1-pd (prefill, group group-b)"), text);
        assertTrue(text.contains("address: [fd00::22]:8000, ready"), text);
        assertTrue(text.contains("connector nixl"), text);
    }

    @Test
    void run_warnings_areListedAndExitIsZero() throws IOException {
        Path file = Files.writeString(dir.resolve("m.yaml"), TestManifests.minimal().replace("rules:",
                "rulez: []\n  rules:"));
        assertEquals(ValidateCommand.VALID, run(file), err());
        assertTrue(out().contains("warning: ModelRoute default/r (" + file + ":1) spec.rulez: line 6: is not a"
                + " field of spec"), out());
        assertTrue(out().endsWith("; 1 warning\n"), out());
    }

    @Test
    void run_errors_printsEveryOneAndExitsOne() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), TestManifests.minimal()
                .replace("inferenceEngine: vLLM", "inferenceEngine: Triton")
                .replace("10.0.0.5:8000", "http://10.0.0.5"));
        assertEquals(ValidateCommand.INVALID, run(file));
        String text = err();
        assertTrue(text.contains("error: ModelServer default/s (" + file + ":10) spec.inferenceEngine: line 14:"
                + " 'Triton' is not an engine; use one of vLLM, SGLang, TGI"), text);
        assertTrue(text.contains("error: StaticEndpoint default/e (" + file + ":18) spec.address"), text);
        assertTrue(text.endsWith("INVALID: 2 errors, 0 warnings\n"), text);
        assertEquals("", out());
    }

    @Test
    void run_missingFile_exitsOne() {
        assertEquals(ValidateCommand.INVALID, run(dir.resolve("nope.yaml")));
        assertTrue(err().contains("nope.yaml: does not exist"), err());
    }

    @Test
    void run_noFiles_printsUsageAndExitsTwo() {
        assertEquals(ValidateCommand.USAGE, run());
        assertTrue(err().startsWith("usage: router validate"), err());
    }

    @Test
    void run_errorsInSeveralDocuments_areAllReportedInOnePass() throws IOException {
        // A bad engine (translation) and a negative weight (validation) used to take two runs to see.
        Path file = Files.writeString(dir.resolve("two.yaml"), TestManifests.minimal()
                .replace("inferenceEngine: vLLM", "inferenceEngine: Triton")
                .replace("- modelServerName: s", "- modelServerName: s\n      weight: -1"));
        assertEquals(ValidateCommand.INVALID, run(file));
        String text = err();
        assertTrue(text.contains("spec.inferenceEngine: line "), text);
        assertTrue(text.contains("spec.rules[0].targetModels[0].weight"), text);
        assertTrue(text.endsWith("INVALID: 2 errors, 0 warnings\n"), text);
        // The server that failed to translate is not reported missing on top.
        assertTrue(!text.contains("does not exist"), text);
    }

    @Test
    void run_problemLines_nameTheFileOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), TestManifests.minimal()
                .replace("inferenceEngine: vLLM", "inferenceEngine: Triton").replace("rules:", "rulez: []\n  rules:"));
        assertEquals(ValidateCommand.INVALID, run(file));
        for (String line : err().split("\n")) {
            assertTrue(line.indexOf(file.toString()) == line.lastIndexOf(file.toString()), line);
        }
        assertTrue(!err().contains("previous configuration"), err());
    }

    @Test
    void run_notYetAppliedFields_warnNamingTheField() {
        Path examples = TestManifests.examplesDir();
        // Token rate limits are applied now: the example validates without a warning.
        assertEquals(ValidateCommand.VALID, run(examples.resolve("standalone-rate-limit.yaml")), err());
        assertTrue(!out().contains("warning:") && out().contains("OK: "), out());
        out.reset();
        assertEquals(ValidateCommand.VALID, run(examples.resolve("standalone-pd.yaml")), err());
        // prefill/decode disaggregation and its connectors are applied: no warning any more
        assertTrue(!out().contains("warning: "), out());
    }

    @Test
    void run_otherFiles_areCheckedAndReportedWithTheManifests() throws IOException {
        Path config = Files.writeString(dir.resolve("router.yaml"), "listeners: {}\n");
        Path manifest = Files.writeString(dir.resolve("models.yaml"), TestManifests.minimal());
        ValidateCommand.OtherFiles configs = source -> source.name().endsWith("router.yaml")
                ? java.util.Optional.of(new ValidateCommand.Checked("router config " + source.name() + ": valid",
                List.of(io.llmrouter.domain.validation.Problem.warning(source.name(), "", "a warning"))))
                : java.util.Optional.empty();
        int status = ValidateCommand.run(List.of(dir), configs, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ValidateCommand.VALID, status, err());
        assertTrue(out().startsWith("router config " + config + ": valid\nwarning: " + config + ": a warning\n"), out());
        assertTrue(out().contains("ModelRoute default/r  (" + manifest + ":1)"), out());
        assertTrue(out().endsWith("OK: 1 ModelRoute, 1 ModelServer, 1 StaticEndpoint; 1 warning\n"), out());
    }
}
