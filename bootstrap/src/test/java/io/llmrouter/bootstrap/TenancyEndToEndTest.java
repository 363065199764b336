package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.API;
import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.bootstrap.config.RouterConfigLoader;
import io.llmrouter.bootstrap.config.TenancyConfig;
import io.llmrouter.domain.tenancy.ApiKeys;
import io.llmrouter.sim.RecordedRequest;
import io.llmrouter.sim.SimulatedEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** API keys, identity headers and token rate limits through the real router and a simulated engine. */
class TenancyEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ACME_KEY = "sk-acme-4f1c2a9b";
    static final String GLOBEX_KEY = "sk-globex-77aa10";
    private static final String COMPLETION = "{\"model\":\"m\",\"prompt\":\"hello there\",\"max_tokens\":3}";

    private final RouterHarness harness = new RouterHarness();
    private final Path dir = tempDir();

    @AfterEach
    void stop() {
        harness.close();
    }

    static String route(String name, String modelName, String server, String rateLimit) {
        return "---\n" + API + """
                kind: ModelRoute
                metadata: {name: %s}
                spec:
                  modelName: %s
                %s
                  rules:
                  - targetModels: [{modelServerName: %s}]
                """.formatted(name, modelName, rateLimit.isEmpty() ? "" : "  rateLimit: " + rateLimit, server);
    }

    /** The tenancy sections of a router config file, read by the real loader. */
    TenancyConfig tenancy(String yaml) {
        try {
            Path file = dir.resolve("router-" + System.nanoTime() + ".yaml");
            Files.writeString(file, yaml);
            return RouterConfigLoader.load(file).tenancy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String keys() {
        return """
                auth:
                  apiKeys:
                    keys:
                    - {tenant: acme, sha256: %s, tier: premium, models: [m]}
                    - {tenant: globex, sha256: %s}
                  headers: {x-tenant-id: tenant, x-user-tier: tier}
                """.formatted(ApiKeys.sha256Hex(ACME_KEY), ApiKeys.sha256Hex(GLOBEX_KEY));
    }

    private SimulatedEngine start(String routes, String tenancyYaml) {
        SimulatedEngine engine = harness.engine("model-x");
        TenancyConfig tenancy = tenancy(tenancyYaml);
        harness.start(routes + server("s", "model-x", "") + endpoint("e", "s", engine.port()),
                c -> c.withTenancy(tenancy));
        return engine;
    }

    @Test
    void aRequestWithoutAValidKeyIsRefusedWith401InTheEnvelopeAndNeverReachesAnEngine() throws Exception {
        SimulatedEngine engine = start(route("r", "m", "s", ""), keys());
        for (String[] headers : new String[][] {{}, {"Authorization", "Bearer sk-wrong"}, {"Authorization", "Basic abc"},
                {"x-api-key", ""}}) {
            HttpResponse<String> res = harness.post("/v1/completions", COMPLETION, headers);
            assertEquals(401, res.statusCode(), String.join(" ", headers));
            JsonNode error = JSON.readTree(res.body()).path("error");
            assertEquals("invalid_api_key", error.path("code").asText(), res.body());
            assertTrue(res.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer realm=\"llm-router\""));
            assertTrue(res.headers().firstValue("x-request-id").isPresent());
            assertFalse(res.body().contains("sk-wrong"), "the credential is never echoed");
        }
        assertEquals(401, harness.get(harness.uri("/v1/models")).statusCode(), "/v1/models is behind auth too");
        assertTrue(engine.drainRecordedRequests().stream().noneMatch(r -> r.path().startsWith("/v1/")));
        String metrics = harness.get(harness.metricsUri("/metrics")).body();
        assertTrue(metrics.contains("error_type=\"unauthenticated\""), "refusals are counted");
        assertFalse(metrics.contains("sk-wrong"));
    }

    @Test
    void aValidKeyIsServedAndTheEngineSeesTheTenantNotTheKeyNorASpoofedTier() throws Exception {
        SimulatedEngine engine = start(route("r", "m", "s", ""), keys());
        HttpResponse<String> res = harness.post("/v1/completions", COMPLETION, "Authorization", "Bearer " + GLOBEX_KEY,
                "x-user-tier", "premium");
        assertEquals(200, res.statusCode(), res.body());
        RecordedRequest seen = engine.drainRecordedRequests().stream().filter(r -> r.path().equals("/v1/completions"))
                .findFirst().orElseThrow();
        assertTrue(seen.headers().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("authorization")), seen.headers().toString());
        assertEquals(List.of("globex"), seen.headers().get("x-tenant-id"));
        assertFalse(seen.headers().containsKey("x-user-tier"), "globex has no tier; the client's claim is dropped");
        assertEquals(200, harness.post("/v1/completions", COMPLETION, "x-api-key", ACME_KEY).statusCode());
        RecordedRequest acme = engine.drainRecordedRequests().stream().filter(r -> r.path().equals("/v1/completions"))
                .findFirst().orElseThrow();
        assertEquals(List.of("premium"), acme.headers().get("x-user-tier"));
        assertFalse(acme.headers().containsKey("x-api-key"));
    }

    @Test
    void aKeyLimitedToSomeModelsSeesOnlyThoseAndGets403ForOthers() throws Exception {
        start(route("r", "m", "s", "") + route("r2", "other", "s", ""), keys());
        JsonNode models = JSON.readTree(harness.send("/v1/models", "x-api-key", ACME_KEY).body()).path("data");
        assertEquals(1, models.size(), models.toString());
        assertEquals("m", models.get(0).path("id").asText());
        assertEquals(2, JSON.readTree(harness.send("/v1/models", "x-api-key", GLOBEX_KEY).body()).path("data").size());
        HttpResponse<String> denied = harness.post("/v1/completions", COMPLETION.replace("\"m\"", "\"other\""),
                "x-api-key", ACME_KEY);
        assertEquals(403, denied.statusCode(), denied.body());
        assertEquals("model_not_allowed", JSON.readTree(denied.body()).path("error").path("code").asText());
        assertEquals(404, harness.send("/v1/models/other", "x-api-key", ACME_KEY).statusCode());
    }

    @Test
    void aRouteLimitSendsOpenAisHeadersThenA429WithRetryAfterAndIsCountedAsKthenaDoes() throws Exception {
        start(route("r", "m", "s", "{inputTokensPerUnit: 1000, outputTokensPerUnit: 10, unit: minute}"), "");
        HttpResponse<String> first = harness.post("/v1/completions", COMPLETION);
        assertEquals(200, first.statusCode());
        assertEquals("10", first.headers().firstValue("x-ratelimit-limit-tokens").orElseThrow());
        assertEquals("7", first.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow(),
                "the output bucket, the tighter one, with 3 reserved");
        assertTrue(first.headers().firstValue("x-ratelimit-reset-tokens").orElseThrow().matches("\\d+(\\.\\d+)?s"));
        assertEquals(200, harness.post("/v1/completions", COMPLETION).statusCode());
        assertEquals(200, harness.post("/v1/completions", COMPLETION).statusCode());
        HttpResponse<String> refused = harness.post("/v1/completions", COMPLETION);
        assertEquals(429, refused.statusCode(), refused.body());
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertEquals("rate_limit_exceeded", error.path("code").asText());
        assertEquals("tokens", error.path("type").asText());
        assertTrue(error.path("message").asText().startsWith("Output token rate limit exceeded"), refused.body());
        int retryAfter = Integer.parseInt(refused.headers().firstValue("retry-after").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 13, "2 tokens at 1/6 per second: about 12 s, was " + retryAfter);
        assertEquals("1", refused.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
        String metrics = harness.get(harness.metricsUri("/metrics")).body();
        assertTrue(metrics.contains("kthena_router_rate_limit_exceeded_total{limit_type=\"output_tokens\",model=\"m\","
                + "path=\"/v1/completions\"} 1.0"), metrics.lines().filter(l -> l.contains("rate_limit")).toList().toString());
    }

    @Test
    void anAnswerLongerThanItsReservationIsChargedInFull() throws Exception {
        // No max_tokens: 1 token reserved, the simulator answers 16; the next request sees the charge.
        start(route("r", "m", "s", "{outputTokensPerUnit: 100, unit: hour}"),
                "rateLimits: {defaultOutputReservation: 1}\n");
        String unbounded = "{\"model\":\"m\",\"prompt\":\"hello there\"}";
        HttpResponse<String> first = harness.post("/v1/completions", unbounded);
        assertEquals(200, first.statusCode());
        assertEquals("99", first.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
        HttpResponse<String> second = harness.post("/v1/completions", unbounded);
        assertEquals("83", second.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow(),
                "100 - 16 used - 1 reserved");
    }

    @Test
    void aStreamIsSettledWithTheUsageItsEngineReported() throws Exception {
        start(route("r", "m", "s", "{outputTokensPerUnit: 100, unit: hour}"), "");
        String stream = "{\"model\":\"m\",\"prompt\":\"hello there\",\"max_tokens\":40,\"stream\":true}";
        HttpResponse<String> first = harness.post("/v1/completions", stream);
        assertEquals(200, first.statusCode());
        assertTrue(first.body().contains("[DONE]"));
        assertEquals("60", first.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow(), "40 reserved");
        HttpResponse<String> second = harness.post("/v1/completions", COMPLETION);
        assertEquals("57", second.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow(),
                "100 - 40 streamed (the usage the router asked the engine for) - 3 reserved");
        assertFalse(first.body().contains("\"usage\":{"), "the usage the router asked for is not shown to the client");
    }

    @Test
    void aRefusedOrFailedRequestCostsNothing() throws Exception {
        SimulatedEngine engine = start(route("r", "m", "s", "{outputTokensPerUnit: 10, unit: hour}"), "");
        engine.faults().errorRate(1.0, 400);
        assertEquals(400, harness.post("/v1/completions", COMPLETION).statusCode());
        assertEquals(400, harness.post("/v1/completions", COMPLETION).statusCode());
        engine.faults().errorRate(0.0, 400);
        HttpResponse<String> ok = harness.post("/v1/completions", COMPLETION);
        assertEquals("7", ok.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow(),
                "the engine's refusals were refunded");
        // An unknown model is a 404 before any limit is consulted.
        assertEquals(404, harness.post("/v1/completions", COMPLETION.replace("\"m\"", "\"nope\"")).statusCode());
    }

    @Test
    void aRouteEditKeepsTheBucketAndARemovedLimitIsGone() throws Exception {
        SimulatedEngine engine = start(route("r", "m", "s", "{outputTokensPerUnit: 10, unit: hour}"), "");
        String rest = server("s", "model-x", "") + endpoint("e", "s", engine.port());
        assertEquals("7", harness.post("/v1/completions", COMPLETION).headers().firstValue("x-ratelimit-remaining-tokens")
                .orElseThrow());
        assertEquals(200, harness.post("/v1/completions", COMPLETION).statusCode());
        // Kthena replaces the limiter on every update, refilling it (PR #1516); here the 6 spent stay spent.
        harness.writeManifest(route("r", "m", "s", "{outputTokensPerUnit: 12, unit: hour}") + rest);
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> outputLimit().equals(java.util.OptionalInt.of(12))));
        assertEquals("1", harness.post("/v1/completions", COMPLETION).headers().firstValue("x-ratelimit-remaining-tokens")
                .orElseThrow(), "the 4 left before the edit are still 4 (not a full 12), minus 3 reserved");
        harness.writeManifest(route("r", "m", "s", "") + rest);
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> outputLimit().isEmpty()));
        assertTrue(harness.post("/v1/completions", COMPLETION).headers().firstValue("x-ratelimit-limit-tokens").isEmpty(),
                "a removed rateLimit removes the limit");
        for (int i = 0; i < 5; i++) {
            assertEquals(200, harness.post("/v1/completions", COMPLETION).statusCode());
        }
    }

    private java.util.OptionalInt outputLimit() {
        return harness.router().datastore().snapshot().routes().routes().stream().findFirst()
                .flatMap(r -> r.rateLimit()).map(l -> l.outputTokensPerUnit()).orElse(java.util.OptionalInt.empty());
    }

    @Test
    void aLoraOnlyRouteIsLimitedToo() throws Exception {
        SimulatedEngine engine = harness.engine(io.llmrouter.sim.EngineOptions.builder()
                .engine(io.llmrouter.sim.EngineKind.VLLM).model("model-x").loras("sql-lora").port(0)
                .profile("instant").build());
        harness.start("---\n" + API + """
                kind: ModelRoute
                metadata: {name: loras}
                spec:
                  loraAdapters: [sql-lora]
                  rateLimit: {outputTokensPerUnit: 4, unit: hour}
                  rules:
                  - targetModels: [{modelServerName: s}]
                """ + server("s", "model-x", "") + endpoint("e", "s", engine.port()));
        String lora = "{\"model\":\"sql-lora\",\"prompt\":\"select\",\"max_tokens\":3}";
        HttpResponse<String> first = harness.post("/v1/completions", lora);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(429, harness.post("/v1/completions", lora).statusCode(), "Kthena registers it under \"\" and never limits it");
    }

    @Test
    void tenantRequestLimitsAreKeptPerTenantWithTheRequestsHeaders() throws Exception {
        start(route("r", "m", "s", ""), keys() + """
                rateLimits:
                  tenants:
                    default: {requestsPerUnit: 2, unit: minute}
                    tiers: {premium: {requestsPerUnit: 3, unit: minute}}
                """);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> res = harness.post("/v1/completions", COMPLETION, "x-api-key", GLOBEX_KEY);
            assertEquals(200, res.statusCode());
            assertEquals("2", res.headers().firstValue("x-ratelimit-limit-requests").orElseThrow());
            assertEquals(String.valueOf(1 - i), res.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        }
        HttpResponse<String> refused = harness.post("/v1/completions", COMPLETION, "x-api-key", GLOBEX_KEY);
        assertEquals(429, refused.statusCode());
        assertEquals("requests", JSON.readTree(refused.body()).path("error").path("type").asText());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, harness.post("/v1/completions", COMPLETION, "x-api-key", ACME_KEY).statusCode(),
                    "acme (premium tier) has its own bucket of 3");
        }
        assertEquals(429, harness.post("/v1/completions", COMPLETION, "x-api-key", ACME_KEY).statusCode());
    }

    @Test
    void aKeyRemovedFromTheKeysFileIsRefusedOnceTheFileIsReloaded() throws Exception {
        Path keysFile = dir.resolve("api-keys.yaml");
        String both = """
                keys:
                - {tenant: acme, sha256: %s}
                - {tenant: globex, sha256: %s}
                """.formatted(ApiKeys.sha256Hex(ACME_KEY), ApiKeys.sha256Hex(GLOBEX_KEY));
        Files.writeString(keysFile, both);
        start(route("r", "m", "s", ""), "auth: {apiKeys: {file: " + keysFile + "}}\n");
        assertEquals(200, harness.post("/v1/completions", COMPLETION, "x-api-key", GLOBEX_KEY).statusCode());
        Files.writeString(dir.resolve("tmp.yaml"), both.lines().limit(2).reduce("", (a, b) -> a + b + "\n"));
        Files.move(dir.resolve("tmp.yaml"), keysFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5),
                () -> harness.post("/v1/completions", COMPLETION, "x-api-key", GLOBEX_KEY).statusCode() == 401),
                "globex's key was revoked");
        assertEquals(200, harness.post("/v1/completions", COMPLETION, "x-api-key", ACME_KEY).statusCode());
        Files.writeString(keysFile, "keys: [{tenant: broken}]\n"); // a bad edit keeps the keys in force
        Thread.sleep(300);
        assertEquals(200, harness.post("/v1/completions", COMPLETION, "x-api-key", ACME_KEY).statusCode());
    }

    @Test
    void theAccessLogNamesTheTenant() throws Exception {
        Path log = dir.resolve("access.log");
        harness.configure(c -> c.withAccessLog(new io.llmrouter.bootstrap.config.AccessLogConfig(true, "json",
                log.toString(), 64)));
        start(route("r", "m", "s", ""), keys());
        assertEquals(200, harness.post("/v1/completions", COMPLETION, "x-api-key", ACME_KEY).statusCode());
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> read(log).contains("\"tenant\":\"acme\"")),
                read(log));
        assertFalse(read(log).contains(ACME_KEY));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tenancy-e2e");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
