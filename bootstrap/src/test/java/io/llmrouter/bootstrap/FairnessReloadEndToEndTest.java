package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.bootstrap.config.RouterConfigLoader;
import io.llmrouter.adapters.k8s.manifest.FileResourceSource;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code fairness} section of the config file is reloaded live: the router, started from a file
 * with one slot per model ({@code maxConcurrent: 1}) held by a long stream, takes a new mode and limit
 * when the file changes, without a restart, and the request that was queued before the edit is
 * still served once the slot frees (nothing queued is lost).
 */
class FairnessReloadEndToEndTest {

    private static final String LONG = "{\"model\":\"m\",\"prompt\":\"tell a long story\",\"max_tokens\":3000,"
            + "\"stream\":true}";
    private static final String SHORT = "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":2}";

    @TempDir
    Path dir;
    private SimulatedEngine engine;
    private RouterServer router;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private static String config(String fairness) {
        return """
                listeners:
                  inference: {host: 127.0.0.1, port: 0}
                  metrics: {host: 127.0.0.1, port: 0}
                  admin: {host: 127.0.0.1, port: 0}
                datastore:
                  mode: standalone
                  files: [models.yaml]
                  pollInterval: 50ms
                accessLog: {enabled: false}
                fairness:
                """ + fairness.indent(2);
    }

    private void write(Path file, String text) throws Exception {
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void editedFairnessSection_takesEffectWithoutRestart_andTheQueuedRequestIsStillServed() throws Exception {
        engine = SimulatedEngine.start(EngineOptions.builder().engine(EngineKind.VLLM).model("model-x").port(0)
                .profile("h100-7b").build());
        write(dir.resolve("models.yaml"), route("r", "m", "s") + server("s", "model-x", "")
                + endpoint("e", "s", engine.port()));
        Path file = dir.resolve("router.yaml");
        write(file, config("enabled: true\nmode: window\ngate: maxConcurrent\nmaxConcurrent: 1\n"));
        var config = RouterConfigLoader.load(file);
        router = RouterServer.start(config, new FileResourceSource(config.datastore().files(),
                config.datastore().pollInterval()), Optional.of(file));
        assertTrue(debug().contains("\"mode\":\"window\"") && debug().contains("\"gate\":\"max_concurrent\""), debug());

        try (Socket held = send(LONG)) {
            assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> engine.recordedRequests().size() == 1),
                    "the long request holds the one slot");
            CompletableFuture<HttpResponse<String>> queued = CompletableFuture.supplyAsync(() -> post(SHORT));
            assertTrue(RouterHarness.eventually(Duration.ofSeconds(2), () -> debug().contains("\"queued\":1")), debug());

            write(file, config("enabled: true\nmode: vtc\ngate: maxConcurrent\nmaxConcurrent: 4\n"));
            assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> debug().contains("\"mode\":\"vtc\"")),
                    "reloaded: " + debug());
            HttpResponse<String> fresh = post(SHORT);
            assertEquals(200, fresh.statusCode(), "the new limit lets a new request through at once: " + fresh.body());
            assertTrue(debug().contains("\"queued\":1"), "the request queued before the edit still waits: " + debug());
            assertEquals(2, engine.recordedRequests().size());

            held.close(); // the old queue's slot frees: its queued request goes
            HttpResponse<String> drained = queued.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, drained.statusCode(), drained.body());
            assertEquals(3, engine.recordedRequests().size());
        }
        // an invalid edit is refused and the section in force stays
        write(file, config("enabled: true\nmode: nonsense\n"));
        Thread.sleep(300);
        assertTrue(debug().contains("\"mode\":\"vtc\""), debug());
        write(file, config("enabled: false\n"));
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> debug().contains("\"enabled\":false")), debug());
        assertEquals(200, post(SHORT).statusCode());
    }

    private Socket send(String body) throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), router.inferencePort());
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        return s;
    }

    private HttpResponse<String> post(String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.inferencePort()
                            + "/v1/completions")).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String debug() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.adminPort()
                    + "/debug/fairness")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
