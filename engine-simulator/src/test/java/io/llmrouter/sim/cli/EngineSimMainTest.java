package io.llmrouter.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code bin/engine-sim} with a bad {@code --faults} value: exit 2 with the allowed forms, nothing bound. */
class EngineSimMainTest {

    @Test
    void parse_errorRateAboveOne_isAUsageErrorListingTheAllowedForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CliArgs.parse("--faults", "error-rate=2:503"));
        assertTrue(e.getMessage().startsWith("--faults: 'error-rate=2:503': the fraction must be a number from 0 to 1"),
                e.getMessage());
        assertTrue(e.getMessage().contains("allowed: error-rate=FRACTION:STATUS (fraction 0..1, status 400..599)"),
                e.getMessage());
    }

    @Test
    void parse_everyBadValue_isRefusedBeforeStart() {
        for (String bad : List.of("error-rate=0.1:200", "error-rate=0.1", "latency=300:0.5", "latency=300ms:7",
                "cut-stream=-1", "cut-stream=x", "metrics-delay=soon", "explode")) {
            assertThrows(IllegalArgumentException.class, () -> CliArgs.parse("--faults", bad), bad);
        }
        assertEquals("cut-stream=3,refuse", CliArgs.parse("--faults", "cut-stream=3,refuse").faults());
    }

    @Test
    void main_badFaults_exitsTwoWithOneLineAndBindsNothing() throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EngineSimMain.class.getName(),
                "--port", Integer.toString(port), "--faults", "error-rate=2:503").redirectErrorStream(true).start();
        boolean exited = process.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        assertTrue(exited, "engine-sim kept running");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), output);
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), output);
        assertTrue(lines.getFirst().startsWith("engine-sim: --faults: 'error-rate=2:503': the fraction"), output);
        assertTrue(!output.contains("serving"), output);
    }
}
