package io.llmrouter.bootstrap;

import io.llmrouter.adapters.k8s.manifest.FileResourceSource;
import io.llmrouter.bootstrap.config.DatastoreConfig;
import io.llmrouter.bootstrap.config.DebugConfig;
import io.llmrouter.bootstrap.config.EngineMetricsConfig;
import io.llmrouter.bootstrap.config.ListenerConfig;
import io.llmrouter.bootstrap.config.RouterConfig;
import io.llmrouter.bootstrap.config.SchedulerConfig;
import io.llmrouter.bootstrap.config.UpstreamConfig;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A real router on loopback in front of simulated engines, for end-to-end tests: engines start on
 * ephemeral ports, documents are written to a temp file, the router reads them through the same
 * file source production uses.
 */
final class RouterHarness implements AutoCloseable {

    static final String API = "apiVersion: networking.serving.volcano.sh/v1alpha1\n";
    static final SchedulerConfig RANDOM = new SchedulerConfig(java.util.Map.of(), List.of(),
            List.of(new io.llmrouter.bootstrap.config.ScoreEntry("random", 1)), 5);

    private final List<SimulatedEngine> engines = new ArrayList<>();
    private final Path dir;
    private final Path manifest;
    private RouterServer router;
    private java.util.function.UnaryOperator<RouterConfig> customize = c -> c;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    RouterHarness() {
        try {
            dir = Files.createTempDirectory("router-e2e");
            manifest = dir.resolve("models.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SimulatedEngine engine(String model) {
        return engine(EngineOptions.builder().engine(EngineKind.VLLM).model(model).port(0).profile("instant").build());
    }

    SimulatedEngine engine(EngineOptions options) {
        SimulatedEngine engine = SimulatedEngine.start(options);
        engines.add(engine);
        return engine;
    }

    RouterHarness start(String yaml) {
        return start(yaml, InboundDefaults.MAX_BODY);
    }

    RouterHarness start(String yaml, long maxBodyBytes) {
        return start(yaml, maxBodyBytes, SchedulerConfig.DEFAULT);
    }

    RouterHarness start(String yaml, long maxBodyBytes, SchedulerConfig scheduler) {
        return start(yaml, maxBodyBytes, scheduler, java.util.function.UnaryOperator.identity());
    }

    /** With {@code tweak} applied to the test config (admin token, tracing, ...) before the router starts. */
    RouterHarness start(String yaml, java.util.function.UnaryOperator<RouterConfig> tweak) {
        return start(yaml, InboundDefaults.MAX_BODY, SchedulerConfig.DEFAULT, tweak);
    }

    RouterHarness start(String yaml, long maxBodyBytes, SchedulerConfig scheduler,
                        java.util.function.UnaryOperator<RouterConfig> tweak) {
        writeManifest(yaml);
        RouterConfig config = new RouterConfig(new ListenerConfig("127.0.0.1", 0), new ListenerConfig("127.0.0.1", 0),
                new ListenerConfig("127.0.0.1", 0),
                new DatastoreConfig(DatastoreConfig.Mode.STANDALONE, List.of(manifest), Duration.ofMillis(50)),
                maxBodyBytes, new UpstreamConfig(Duration.ofSeconds(2), Duration.ofSeconds(30)),
                new EngineMetricsConfig(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(2), 16),
                new DebugConfig(true, 64), scheduler);
        config = tweak.apply(config);
        config = customize.apply(config);
        router = RouterServer.start(config, new FileResourceSource(config.datastore().files(), config.datastore().pollInterval()));
        return this;
    }

    /** Adjusts the config of the next {@link #start} (e.g. turns the access log on). */
    RouterHarness configure(java.util.function.UnaryOperator<RouterConfig> change) {
        customize = change;
        return this;
    }

    void writeManifest(String yaml) {
        try {
            Path tmp = dir.resolve("models.yaml.tmp");
            Files.writeString(tmp, yaml);
            Files.move(tmp, manifest, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RouterServer router() {
        return router;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + router.inferencePort() + path);
    }

    URI metricsUri(String path) {
        return URI.create("http://127.0.0.1:" + router.metricsPort() + path);
    }

    URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + router.adminPort() + path);
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        boolean hasType = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            hasType |= headers[i].equalsIgnoreCase("content-type");
        }
        if (!hasType) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build());
    }

    /** A GET on the inference listener with request headers (name, value, ...). */
    HttpResponse<String> send(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a streaming request over a raw socket, reads until the first SSE event, runs
     * {@code atFirstEvent} while still connected, then hangs up (a client that goes away mid-stream).
     */
    void streamThenHangUp(String path, String body, Runnable atFirstEvent) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", router.inferencePort())) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.contains("data: {")) {
                // the status line, headers and chunk sizes come before the first event
            }
            if (line == null) {
                throw new IllegalStateException("the stream ended before its first event");
            }
            atFirstEvent.run();
        }
    }

    /** Waits up to {@code timeout} for a condition, polling; returns whether it became true. */
    static boolean eventually(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    static String server(String name, String model, String extraSpec) {
        return "---\n" + API + """
                kind: ModelServer
                metadata: {name: %s}
                spec:
                  model: %s
                  inferenceEngine: vLLM
                  workloadSelector: {matchLabels: {app: %s}}
                  workloadPort: {port: 8000}
                %s""".formatted(name, model, name, extraSpec.indent(2));
    }

    static String endpoint(String name, String app, int port) {
        return endpoint(name, app, "127.0.0.1:" + port, true);
    }

    static String endpoint(String name, String app, String address, boolean ready) {
        return "---\n" + API + """
                kind: StaticEndpoint
                metadata: {name: %s, labels: {app: %s}}
                spec: {address: "%s", ready: %s}
                """.formatted(name, app, address, ready);
    }

    static String route(String name, String modelName, String server) {
        return "---\n" + API + """
                kind: ModelRoute
                metadata: {name: %s}
                spec:
                  modelName: %s
                  rules:
                  - targetModels: [{modelServerName: %s}]
                """.formatted(name, modelName, server);
    }

    @Override
    public void close() {
        if (router != null) {
            router.close();
        }
        engines.forEach(SimulatedEngine::close);
    }

    static final class InboundDefaults {
        static final long MAX_BODY = 10L * 1024 * 1024;

        private InboundDefaults() {
        }
    }
}
