package io.llmrouter.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.adapters.k8s.kubernetes.FakeApiServer;
import io.llmrouter.bootstrap.config.RouterConfig;
import io.llmrouter.bootstrap.config.RouterConfigLoader;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router in Kubernetes mode, configured by a config file as the chart's ConfigMap does, against a
 * fake API server (real list/watch over HTTP) and simulated vLLM engines, serving Kthena's blog
 * example: premium users ({@code user-type: premium}) get the 7B model, everyone else the 1.5B one.
 */
class KubernetesModeEndToEndTest {

    private static final String BIG = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    private static final String SMALL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B";
    private static final String CHAT = """
            {"model":"deepseek-multi-models","messages":[{"role":"user","content":"hello"}],"max_tokens":4}""";

    private final FakeApiServer api = new FakeApiServer();
    private final RouterHarness http = new RouterHarness();
    private SimulatedEngine big;
    private SimulatedEngine small;
    private RouterServer router;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        http.close();
        api.close();
    }

    private static SimulatedEngine engine(String model) {
        return SimulatedEngine.start(EngineOptions.builder().engine(EngineKind.VLLM).model(model).port(0)
                .profile("instant").build());
    }

    private void blogExample() {
        big = engine(BIG);
        small = engine(SMALL);
        api.apply("modelroutes", """
                {"apiVersion":"networking.serving.volcano.sh/v1alpha1","kind":"ModelRoute",
                 "metadata":{"name":"deepseek-multi-models","namespace":"default"},
                 "spec":{"modelName":"deepseek-multi-models","rules":[
                   {"name":"premium","modelMatch":{"headers":{"user-type":{"exact":"premium"}}},
                    "targetModels":[{"modelServerName":"deepseek-r1-7b"}]},
                   {"name":"default","targetModels":[{"modelServerName":"deepseek-r1-1-5b"}]}]}}""");
        api.apply("modelservers", server("deepseek-r1-7b", BIG, big.port()));
        api.apply("modelservers", server("deepseek-r1-1-5b", SMALL, small.port()));
        api.apply("pods", FakeApiServer.pod("default", "deepseek-r1-7b-0", "deepseek-r1-7b", "127.0.0.1", true));
        api.apply("pods", FakeApiServer.pod("default", "deepseek-r1-1-5b-0", "deepseek-r1-1-5b", "127.0.0.1", true));
        // Another app's pod in the namespace: never an endpoint.
        api.apply("pods", FakeApiServer.pod("default", "web-0", "web", "127.0.0.9", true));
    }

    private static String server(String name, String model, int port) {
        return """
                {"apiVersion":"networking.serving.volcano.sh/v1alpha1","kind":"ModelServer",
                 "metadata":{"name":"%s","namespace":"default"},
                 "spec":{"model":"%s","inferenceEngine":"vLLM","workloadSelector":{"matchLabels":{"app":"%s"}},
                         "workloadPort":{"port":%d},"trafficPolicy":{"timeout":"30s"}}}""".formatted(name, model, name, port);
    }

    private void startRouter() throws Exception {
        api.writeKubeconfig(dir);
        Path file = dir.resolve("router.yaml");
        Files.writeString(file, """
                listeners:
                  inference: {host: 127.0.0.1, port: 0}
                  metrics: {host: 127.0.0.1, port: 0}
                  admin: {host: 127.0.0.1, port: 0}
                datastore:
                  mode: kubernetes
                  kubernetes: {namespace: default, kubeconfig: kubeconfig}
                engineMetrics: {scrapeInterval: 200ms}
                """);
        RouterConfig config = RouterConfigLoader.load(file);
        router = RouterServer.start(config, Main.source(config.datastore()));
    }

    private HttpResponse<String> get(String base, String path) {
        return http.get(java.net.URI.create(base + path));
    }

    private String inference() {
        return "http://127.0.0.1:" + router.inferencePort();
    }

    private HttpResponse<String> chat(String... headers) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(inference()
                + "/v1/chat/completions")).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(CHAT));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void servesTheBlogsPremiumDefaultExample_fromTheCluster_andFollowsItsChanges() throws Exception {
        blogExample();
        startRouter();
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(10), () -> get(inference(), "/readyz").statusCode() == 200));

        HttpResponse<String> premium = chat("user-type", "premium");
        assertEquals(200, premium.statusCode(), premium.body());
        assertTrue(premium.body().contains(BIG), premium.body());
        HttpResponse<String> regular = chat();
        assertEquals(200, regular.statusCode(), regular.body());
        assertTrue(regular.body().contains(SMALL), regular.body());

        String ready = get(inference(), "/readyz").body();
        assertTrue(ready.contains("\"sourceState\"") && ready.contains("\"connected\":true"), ready);
        String debug = get("http://127.0.0.1:" + router.adminPort(), "/debug/datastore").body();
        assertTrue(debug.contains("\"source\":\"kubernetes: namespace default\"") && debug.contains("\"pods\":2"), debug);
        String metrics = get("http://127.0.0.1:" + router.metricsPort(), "/metrics").body();
        assertTrue(metrics.contains("llm_router_datastore_source_connected 1.0"), metrics);
        assertTrue(metrics.contains("llm_router_datastore_last_sync_timestamp_seconds"), metrics);

        // The premium tier's only pod goes away: premium requests no longer reach the 7B engine.
        api.delete("pods", "default", "deepseek-r1-7b-0");
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> chat("user-type", "premium").statusCode() != 200));
        // The route is changed to send premium users to the small model too.
        api.apply("modelroutes", """
                {"apiVersion":"networking.serving.volcano.sh/v1alpha1","kind":"ModelRoute",
                 "metadata":{"name":"deepseek-multi-models","namespace":"default"},
                 "spec":{"modelName":"deepseek-multi-models","rules":[
                   {"name":"default","targetModels":[{"modelServerName":"deepseek-r1-1-5b"}]}]}}""");
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> chat("user-type", "premium").body().contains(SMALL)));

        // API server outage: still ready, still routing, and the readiness body says why it may be stale.
        api.down(true);
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(15), () -> get(inference(), "/readyz").body()
                .contains("\"connected\":false")));
        HttpResponse<String> readyDown = get(inference(), "/readyz");
        assertEquals(200, readyDown.statusCode());
        assertTrue(readyDown.body().contains("serving the last known state"), readyDown.body());
        assertEquals(200, chat().statusCode());
        small.close();
        big.close();
    }

    @Test
    void readyz_is503_untilTheFirstListOfEveryKind() throws Exception {
        blogExample();
        api.down(true);
        startRouter();
        HttpResponse<String> notYet = get(inference(), "/readyz");
        assertEquals(503, notYet.statusCode(), notYet.body());
        assertTrue(notYet.body().contains("\"synced\":false"), notYet.body());
        api.down(false);
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(10), () -> get(inference(), "/readyz").statusCode() == 200));
        assertEquals(200, chat().statusCode());
        small.close();
        big.close();
    }
}
