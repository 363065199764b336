package io.llmrouter.bench.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The router as a separate process on loopback ports, started the way {@code bin/router serve}
 * starts it (the same main class and classpath), with a generated config and manifest in a work
 * directory. Only HTTP is used to talk to it; {@link #cpuSeconds()} reads its CPU time from /proc.
 */
public final class RouterProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final String JMX_SERIAL_FILTER = "java.lang.*;java.util.*;java.rmi.**;javax.management.**;"
            + "javax.security.auth.**;java.security.**;!*";

    private final Process process;
    private final int port;
    private final Path log;

    private RouterProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Writes {@code router.yaml} (listeners on free loopback ports, the given extra YAML sections)
     * and {@code manifest.yaml} into {@code dir}, starts the router and waits until {@code /readyz} is 200.
     *
     * @throws IOException when it does not become ready; the message carries the end of its log
     */
    public static RouterProcess start(String classpath, Path dir, String manifest, String extraConfig)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("manifest.yaml"), manifest);
        int port = FreePorts.next();
        String config = "listeners:\n  inference: {host: 127.0.0.1, port: " + port + "}\n"
                + "  metrics: {host: 127.0.0.1, port: " + FreePorts.next() + "}\n"
                + "  admin: {host: 127.0.0.1, port: " + FreePorts.next() + "}\n"
                + "datastore:\n  mode: standalone\n  files: [manifest.yaml]\n  pollInterval: 1s\n" + extraConfig;
        Path configFile = dir.resolve("router.yaml");
        Files.writeString(configFile, config);
        return startMain(classpath, dir.resolve("router.log"), port, "io.llmrouter.bootstrap.Main",
                List.of("serve", "--config", configFile.toString()));
    }

    /**
     * Any proxy JVM measured like the router (the bare Helidon proxy, say): {@code mainClass} from
     * {@code classpath} with the router's JVM options ({@code ROUTER_JAVA_OPTS}), serving on
     * {@code port}, ready once {@code /readyz} answers 200; its output goes to {@code log}.
     */
    public static RouterProcess startMain(String classpath, Path log, int port, String mainClass, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String opts = System.getenv().getOrDefault("ROUTER_JAVA_OPTS", "");
        if (!opts.isBlank()) {
            command.addAll(List.of(opts.trim().split("\\s+")));
        }
        // Helidon installs a process-wide allow-list for Java deserialization that rejects the JMX
        // requests JvmAllocation reads allocation with; this one lets JMX in and, as Helidon requires,
        // still rejects everything else. Deserialization plays no part on the measured path.
        command.add("-Djdk.serialFilter=" + JMX_SERIAL_FILTER);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RouterProcess router = new RouterProcess(process, port, log);
        router.awaitReady();
        return router;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(baseUri().resolve("/readyz")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting: the listener is not bound yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IOException("router did not become ready; end of " + log + ":\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    public double cpuSeconds() {
        return ProcessCpu.seconds(process.pid());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
