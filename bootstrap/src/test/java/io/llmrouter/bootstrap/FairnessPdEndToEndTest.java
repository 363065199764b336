package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.PdEndToEndTest.pdServer;
import static io.llmrouter.bootstrap.PdEndToEndTest.pod;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.bootstrap.config.FairnessConfig;
import io.llmrouter.bootstrap.config.RouterConfigLoader;
import io.llmrouter.bootstrap.config.TenancyConfig;
import io.llmrouter.domain.fairness.FairnessSettings;
import io.llmrouter.domain.fairness.GateSettings;
import io.llmrouter.domain.tenancy.ApiKeys;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.EngineRole;
import io.llmrouter.sim.SimulatedEngine;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request served on the prefill/decode path is charged to its user's fairness priority with the
 * answer's real usage, as an aggregated one is (Kthena never charges its PD path): after one PD answer
 * for {@code acme}, acme's queued request shows priority input x 1 + output x 2 of that answer, while
 * a user not yet charged shows 0.
 */
class FairnessPdEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACME = "sk-acme-4f1c2a9b";
    private static final String GLOBEX = "sk-globex-77aa10";
    private static final String BODY = "{\"model\":\"m\",\"prompt\":\"a prompt long enough to fill a block or two of "
            + "KV cache on the prefill engine\",\"max_tokens\":5}";

    @TempDir
    Path dir;
    private final RouterHarness harness = new RouterHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    private SimulatedEngine engine(EngineRole role) {
        return harness.engine(EngineOptions.builder().engine(EngineKind.VLLM).model("model-x").port(0)
                .profile("instant").role(role).build());
    }

    @Test
    void pdAnswer_isChargedToItsUsersPriority() throws Exception {
        SimulatedEngine p = engine(EngineRole.PREFILL);
        SimulatedEngine d = engine(EngineRole.DECODE);
        Path file = dir.resolve("router.yaml");
        Files.writeString(file, """
                auth:
                  apiKeys:
                    keys:
                    - {tenant: acme, sha256: %s}
                    - {tenant: globex, sha256: %s}
                """.formatted(ApiKeys.sha256Hex(ACME), ApiKeys.sha256Hex(GLOBEX)));
        TenancyConfig tenancy = RouterConfigLoader.load(file).tenancy();
        harness.start(route("r", "m", "s") + pdServer("http") + pod("pa", "a", "prefill", p.port())
                + pod("da", "a", "decode", d.port()), c -> c.withTenancy(tenancy).withFairness(new FairnessConfig(true,
                FairnessSettings.DEFAULT.withGate(GateSettings.maxConcurrent(1)).withQueueTimeout(Duration.ofSeconds(10)))));

        HttpResponse<String> first = harness.post("/v1/completions", BODY, "Authorization", "Bearer " + ACME);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(1, p.stats().requestsReceived(), "served on the PD path");
        JsonNode usage = JSON.readTree(first.body()).get("usage");
        long charged = usage.get("prompt_tokens").asLong() + 2 * usage.get("completion_tokens").asLong();
        assertTrue(charged > 0, usage.toString());

        d.faults().latencySpike(Duration.ofMillis(1500), 1.0); // the next decode holds the model's one slot
        CompletableFuture<HttpResponse<String>> holder = CompletableFuture.supplyAsync(
                () -> harness.post("/v1/completions", BODY, "Authorization", "Bearer " + GLOBEX));
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> d.stats().requestsReceived() == 2));
        CompletableFuture<HttpResponse<String>> acme = CompletableFuture.supplyAsync(
                () -> harness.post("/v1/completions", BODY, "Authorization", "Bearer " + ACME));
        CompletableFuture<HttpResponse<String>> globex = CompletableFuture.supplyAsync(
                () -> harness.post("/v1/completions", BODY, "Authorization", "Bearer " + GLOBEX));
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(2), () -> flows().size() == 2), flows().toString());
        for (JsonNode flow : flows()) {
            long expected = flow.get("user").asText().equals("acme") ? charged : 0;
            assertEquals(expected, flow.get("priority").asLong(), "priority of " + flow);
        }
        d.faults().clear();
        assertEquals(200, holder.get(10, TimeUnit.SECONDS).statusCode());
        assertEquals(200, acme.get(10, TimeUnit.SECONDS).statusCode());
        assertEquals(200, globex.get(10, TimeUnit.SECONDS).statusCode());
    }

    private JsonNode flows() {
        try {
            JsonNode queues = JSON.readTree(harness.get(harness.adminUri("/debug/fairness")).body()).get("queues");
            return queues.isEmpty() ? JSON.createArrayNode() : queues.get(0).get("flows");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
