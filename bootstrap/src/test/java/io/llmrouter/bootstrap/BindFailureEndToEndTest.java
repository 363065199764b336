package io.llmrouter.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/router demo|serve} with a port already taken: one line naming the listener, the address
 * and the flag that moves it, a non-zero exit within seconds, and nothing left running. Run as a
 * real process, as bin/router runs it, so exit status and stray output are what a user sees.
 */
class BindFailureEndToEndTest {

    private static final Path LOGGING = Path.of("src", "main", "resources", "logging.properties").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void demo_inferencePortTaken_oneLineAndExitOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Result r = run("demo", "--port", Integer.toString(taken.getLocalPort()), "--metrics-port", "0",
                    "--admin-port", "0");
            assertEquals(Main.CANNOT_LISTEN, r.status(), r.toString());
            assertEquals(List.of("error: the inference listener cannot bind 127.0.0.1:" + taken.getLocalPort()
                    + " (address already in use); stop what uses the port or choose another with --port"),
                    r.errLines(), r.toString());
            assertTrue(!r.out().contains("is running"), r.toString());
        }
    }

    @Test
    void serve_metricsPortTaken_namesTheMetricsListenerAndItsFlag() throws Exception {
        Files.writeString(dir.resolve("models.yaml"), """
                apiVersion: networking.serving.volcano.sh/v1alpha1
                kind: ModelRoute
                metadata: {name: r}
                spec:
                  modelName: m
                  rules: [{targetModels: [{modelServerName: s}]}]
                """);
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(dir.resolve("router.yaml"), """
                    listeners:
                      inference: {host: 127.0.0.1, port: 0}
                      metrics: {host: 127.0.0.1, port: %d}
                      admin: {port: 0}
                    datastore:
                      files: [models.yaml]
                    """.formatted(taken.getLocalPort()));
            Result r = run("serve", "--config", config.toString());
            assertEquals(Main.CANNOT_LISTEN, r.status(), r.toString());
            assertEquals(List.of("error: the metrics listener cannot bind 127.0.0.1:" + taken.getLocalPort()
                    + " (address already in use); stop what uses the port or choose another with --metrics-port"
                    + " (or listeners.metrics.port in the config file)"), r.errLines(), r.toString());
            assertTrue(!r.out().contains("router listening"), r.toString());
        }
    }

    private record Result(int status, String out, String err, long millis) {

        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.logging.config.file=" + LOGGING, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // Seconds, not the minutes of a hung router: a bound port must not keep the process alive.
        boolean exited = process.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(exited, "still running after 30s: " + Files.readString(err));
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), millis);
    }
}
