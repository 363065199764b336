package io.llmrouter.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.llmrouter.adapters.k8s.kubernetes.FakeApiServer;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's runtime: {@code deploy/docker/jlink.sh} (what the Dockerfile runs) cuts a JRE with only
 * the modules of {@code jre-modules.txt}, and the router started from it serves, in Kubernetes mode
 * against the fake API server, the blog's example to a simulated engine. A module missing from the
 * list fails here (class not found at start, or at the first request), not in a cluster. Skipped
 * when the JDK running the tests has no jlink.
 */
class JlinkRuntimeTest {

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void routerStartsFromTheJlinkRuntime_andServesInKubernetesMode() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        assumeTrue(Files.isExecutable(javaHome.resolve("bin/jlink")), "this JDK has no jlink");
        Path jre = dir.resolve("jre");
        ProcessBuilder build = new ProcessBuilder("bash", "../deploy/docker/jlink.sh", jre.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("jlink.log").toFile());
        build.environment().put("JAVA_HOME", javaHome.toString());
        // Uncompressed: half the build time; the modules, which this test is about, are the same.
        build.environment().put("JLINK_COMPRESS", "zip-0");
        Process jlink = build.start();
        assertTrue(jlink.waitFor(120, TimeUnit.SECONDS) && jlink.exitValue() == 0,
                "jlink.sh failed: " + Files.readString(dir.resolve("jlink.log")));

        try (FakeApiServer api = new FakeApiServer();
             SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().engine(EngineKind.VLLM)
                     .model("deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B").port(0).profile("instant").build())) {
            api.apply("modelroutes", """
                    {"apiVersion":"networking.serving.volcano.sh/v1alpha1","kind":"ModelRoute",
                     "metadata":{"name":"r","namespace":"default"},
                     "spec":{"modelName":"deepseek-multi-models","rules":[{"targetModels":[{"modelServerName":"small"}]}]}}""");
            api.apply("modelservers", """
                    {"apiVersion":"networking.serving.volcano.sh/v1alpha1","kind":"ModelServer",
                     "metadata":{"name":"small","namespace":"default"},
                     "spec":{"model":"deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B","inferenceEngine":"vLLM",
                             "workloadSelector":{"matchLabels":{"app":"small"}},"workloadPort":{"port":%d}}}"""
                    .formatted(engine.port()));
            api.apply("pods", FakeApiServer.pod("default", "small-0", "small", "127.0.0.1", true));
            api.writeKubeconfig(dir);
            int port = freePort();
            Path config = dir.resolve("router.yaml");
            Files.writeString(config, """
                    listeners:
                      inference: {host: 127.0.0.1, port: %d}
                      metrics: {host: 127.0.0.1, port: %d}
                      admin: {host: 127.0.0.1, port: %d}
                    datastore:
                      mode: kubernetes
                      kubernetes: {kubeconfig: kubeconfig}
                    shutdown: {gracePeriod: 0s, drainTimeout: 1s}
                    """.formatted(port, freePort(), freePort()));
            // The router's own class path: what the image's lib/ holds (test classes and jars left out).
            String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(e -> !e.contains("test-classes") && !e.endsWith("-tests.jar") && !e.contains("junit")
                            && !e.contains("opentest4j") && !e.contains("apiguardian"))
                    .collect(Collectors.joining(File.pathSeparator));
            Process router = new ProcessBuilder(jre.resolve("bin/java").toString(), "-cp", classPath,
                    "io.llmrouter.bootstrap.Main", "serve", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("router.log").toFile()).start();
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI base = URI.create("http://127.0.0.1:" + port);
                boolean ready = RouterHarness.eventually(Duration.ofSeconds(30), () -> {
                    try {
                        return http.send(HttpRequest.newBuilder(base.resolve("/readyz")).build(),
                                HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertTrue(ready, "not ready; log: " + Files.readString(dir.resolve("router.log")));
                HttpResponse<String> chat = http.send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                                {"model":"deepseek-multi-models","messages":[{"role":"user","content":"hi"}],"max_tokens":4}"""))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, chat.statusCode(), chat.body());
                assertTrue(chat.body().contains("DeepSeek-R1-Distill-Qwen-1.5B"), chat.body());
            } finally {
                router.destroy();
                if (!router.waitFor(15, TimeUnit.SECONDS)) {
                    router.destroyForcibly();
                }
            }
            String log = Files.readString(dir.resolve("router.log"));
            assertTrue(!log.contains("NoClassDefFoundError") && !log.contains("ClassNotFoundException"), log);
        }
    }
}
