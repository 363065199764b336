package io.llmrouter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.bench.load.Flags;
import io.llmrouter.bench.load.LoadMain;
import io.llmrouter.bench.overhead.OverheadMain;
import io.llmrouter.bench.routing.RoutingMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code bin/bench <command> --help}: every flag with its meaning and default, and where results go. */
class BenchHelpTest {

    private interface Main {
        void run(String[] args) throws Exception;
    }

    private static String help(Main main, String... args) throws Exception {
        PrintStream previous = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            // Returns instead of exiting: an exit would end the test JVM.
            main.run(args);
        } finally {
            System.setOut(previous);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void load_help_listsEveryFlagWithItsDefault() throws Exception {
        String text = help(LoadMain::main, "--help");
        assertTrue(text.startsWith("usage: bin/bench load [flags]\n"), text);
        for (String flag : List.of("--base-url URL", "--request-rate R|inf", "--max-concurrency N", "--no-stream",
                "--output-file FILE", "--dataset-name")) {
            assertTrue(text.contains("  " + flag), flag + " in\n" + text);
        }
        assertTrue(text.contains("(default: http://127.0.0.1:8080)"), text);
        assertTrue(text.contains("results: "), text);
    }

    @Test
    void routing_help_mentionsVirtualAndWhereResultsGo() throws Exception {
        String text = help(RoutingMain::main, "--quick", "--help");
        assertTrue(text.startsWith("usage: bin/bench routing [flags]\n"), text);
        assertTrue(text.contains("  --virtual "), text);
        assertTrue(text.contains("--out DIR"), text);
        assertTrue(text.contains("(default: target/bench-results)"), text);
        assertTrue(text.contains("results: DIR/routing.md"), text);
    }

    @Test
    void overhead_help_listsFlags() throws Exception {
        String text = help(OverheadMain::main, "-h");
        assertTrue(text.startsWith("usage: bin/bench overhead [flags]\n"), text);
        assertTrue(text.contains("--clients N,N,..."), text);
        assertTrue(text.contains("results: DIR/overhead.md"), text);
    }

    @Test
    void everyFlag_hasAMeaningAndADefault() {
        for (List<Flags.Spec> specs : List.of(LoadMain.FLAGS, RoutingMain.FLAGS, OverheadMain.FLAGS)) {
            for (Flags.Spec spec : specs) {
                assertTrue(!spec.meaning().isBlank() && !spec.fallback().isBlank(), spec.toString());
            }
        }
    }

    @Test
    void script_withoutCommand_printsUsageWithoutBuilding() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path script = root.resolve("bin/bench");
        Process process = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
        boolean exited = process.waitFor(20, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(exited, "bin/bench without a command took more than 20 s (building?): " + output);
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("usage: bin/bench load|routing|overhead|faults|soak"), output);
        assertTrue(output.contains("--virtual"), output);
        assertTrue(!output.contains("building"), output);
        assertTrue(Files.isExecutable(script));
    }

    @Test
    void faultsAndSoak_help_listTheirFlagsAndWhereResultsGo() throws Exception {
        String faults = help(io.llmrouter.bench.faults.FaultMatrixMain::main, "--help");
        assertTrue(faults.startsWith("usage: bin/bench faults [flags]\n"), faults);
        assertTrue(faults.contains("  --row-seconds S") && faults.contains("results: DIR/faults.md"), faults);
        String soak = help(io.llmrouter.bench.soak.SoakMain::main, "--help");
        assertTrue(soak.startsWith("usage: bin/bench soak [flags]\n"), soak);
        assertTrue(soak.contains("  --seconds S") && soak.contains("(default: 2000)") && soak.contains("results: DIR/soak.md and soak.svg"),
                soak);
    }
}
