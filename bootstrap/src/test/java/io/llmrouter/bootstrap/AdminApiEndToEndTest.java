package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.bootstrap.config.ConfigException;
import io.llmrouter.bootstrap.config.ListenerConfig;
import io.llmrouter.bootstrap.config.RouterConfig;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.sim.SimulatedEngine;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin listener's JSON shapes over a real router, and its loopback / bearer-token rule. */
class AdminApiEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTE = "---\n" + RouterHarness.API + """
            kind: ModelRoute
            metadata: {name: chat}
            spec:
              modelName: deepseek-r1
              rules:
              - name: premium
                modelMatch: {headers: {user-type: {exact: premium}}}
                targetModels: [{modelServerName: big, weight: 70}, {modelServerName: small, weight: 30}]
              - targetModels: [{modelServerName: small}]
            """;

    private final RouterHarness harness = new RouterHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void modelroutes_oneRoute_specInTheCrdFieldNames() throws Exception {
        startTwoServers(UnaryOperator.identity());

        JsonNode routes = getJson("/debug/config_dump/modelroutes").get("modelroutes");

        assertEquals(1, routes.size());
        JsonNode route = routes.get(0);
        assertEquals("chat", route.get("name").asText());
        assertEquals("default", route.get("namespace").asText());
        JsonNode premium = route.at("/spec/rules/0");
        assertEquals("deepseek-r1", route.at("/spec/modelName").asText());
        assertEquals("premium", premium.at("/modelMatch/headers/user-type/exact").asText());
        assertEquals("big", premium.at("/targetModels/0/modelServerName").asText());
        assertEquals(70, premium.at("/targetModels/0/weight").asInt());
        assertEquals(100, route.at("/spec/rules/1/targetModels/0/weight").asInt(), "the CRD default is shown");
    }

    @Test
    void modelservers_twoServers_specAndSelectedPods() throws Exception {
        startTwoServers(UnaryOperator.identity());

        JsonNode servers = getJson("/debug/config_dump/modelservers").get("modelservers");

        assertEquals(2, servers.size());
        JsonNode big = servers.get(0);
        assertEquals("big", big.get("name").asText());
        assertEquals("vLLM", big.at("/spec/inferenceEngine").asText());
        assertEquals("big", big.at("/spec/workloadSelector/matchLabels/app").asText());
        assertEquals(8000, big.at("/spec/workloadPort/port").asInt());
        assertEquals(2, big.at("/spec/trafficPolicy/retry/attempts").asInt());
        assertEquals("[\"big-0\",\"big-down\"]", big.get("associatedPods").toString());
        assertEquals("[\"big-0\"]", big.get("readyPods").toString());
        assertEquals(0, big.get("decodePods").size());
        assertEquals(0, big.get("prefillPods").size());
    }

    @Test
    void pods_afterAScrape_liveMetricsWithAgeAndInFlight() throws Exception {
        startTwoServers(UnaryOperator.identity());
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> harness.router().metrics()
                .entry(ResourceId.of("default", "small-0")).flatMap(e -> e.metrics()).isPresent()));

        JsonNode pods = getJson("/debug/config_dump/pods").get("pods");

        assertEquals(3, pods.size());
        JsonNode small = pods.get(2);
        assertEquals("small-0", small.get("name").asText());
        assertEquals("127.0.0.1", small.at("/podInfo/podIP").asText());
        assertEquals("small", small.at("/podInfo/labels/app").asText());
        assertEquals("vLLM", small.get("engine").asText());
        assertEquals(0, small.at("/metrics/requestRunningNum").asInt());
        assertEquals(0, small.at("/metrics/requestWaitingNum").asInt());
        assertTrue(small.at("/metrics/gpuCacheUsage").isNumber());
        double age = small.at("/metrics/ageSeconds").asDouble();
        assertTrue(age >= 0);
        // The harness's maxAge is 2 s; on a loaded machine the last scrape can be older, so check the
        // flag against the age rather than assuming the scrape is recent.
        assertEquals(age <= 2.0, small.at("/metrics/fresh").asBoolean(), "age " + age);
        assertEquals(0, small.get("inFlight").asInt());
        // vLLM lists an adapter only while requests use it, so an idle pod shows none (PodJsonTest covers some).
        assertTrue(small.get("loras").isArray());
        assertEquals("[\"deepseek-r1-1.5b\"]", small.get("models").toString());
        assertEquals("[\"default/small\"]", small.get("modelServers").toString());
        JsonNode down = pods.get(1);
        assertEquals("big-down", down.get("name").asText());
        assertFalse(down.at("/podInfo/ready").asBoolean());
    }

    @Test
    void namespacedObject_knownAndUnknown_objectOr404Envelope() throws Exception {
        startTwoServers(UnaryOperator.identity());

        JsonNode small = getJson("/debug/config_dump/namespaces/default/modelservers/small");
        HttpResponse<String> noName = get("/debug/config_dump/namespaces/default/modelservers/nope", null);
        HttpResponse<String> noKind = get("/debug/config_dump/namespaces/default/gateways/small", null);

        assertEquals("small", small.get("name").asText());
        assertEquals("deepseek-r1-1.5b", small.at("/spec/model").asText());
        assertEquals(404, noName.statusCode());
        assertEquals("not_found", JSON.readTree(noName.body()).at("/error/code").asText());
        assertEquals(404, noKind.statusCode());
        assertTrue(JSON.readTree(noKind.body()).at("/error/message").asText().contains("modelroutes"));
    }

    @Test
    void unknownAdminPath_404NamingTheAdminEndpoints() throws Exception {
        startTwoServers(UnaryOperator.identity());

        HttpResponse<String> res = get("/debug/nope", null);

        assertEquals(404, res.statusCode());
        assertTrue(JSON.readTree(res.body()).at("/error/message").asText().contains("/debug/config_dump"), res.body());
    }

    @Test
    void config_withToken_effectiveConfigWithTheTokenRedacted() throws Exception {
        startTwoServers(c -> c.withAdminToken(Optional.of("s3cret-token")));

        HttpResponse<String> res = get("/debug/config", "Bearer s3cret-token");

        assertEquals(200, res.statusCode());
        assertFalse(res.body().contains("s3cret-token"));
        JsonNode config = JSON.readTree(res.body());
        assertEquals("<redacted>", config.at("/listeners/admin/token").asText());
        assertEquals("127.0.0.1", config.at("/listeners/admin/host").asText());
        assertEquals("least-request", config.at("/scheduler/plugins/Score/enabled/0/name").asText());
        assertTrue(config.at("/scheduler/plugins/Filter/enabled").isArray());
        assertEquals("30s", config.at("/upstream/idleTimeout").asText());
        assertTrue(config.at("/tracing/otlpEndpoint").isNull());
    }

    @Test
    void adminRequest_tokenConfigured_missingOrWrongTokenIs401() throws Exception {
        startTwoServers(c -> c.withAdminToken(Optional.of("s3cret-token")));

        HttpResponse<String> none = get("/debug/datastore", null);
        HttpResponse<String> wrong = get("/debug/datastore", "Bearer s3cret-tokem");
        HttpResponse<String> basic = get("/debug/decisions", "Basic czNjcmV0LXRva2Vu");
        HttpResponse<String> health = get("/healthz", null);
        HttpResponse<String> right = get("/debug/datastore", "Bearer s3cret-token");

        assertEquals(401, none.statusCode());
        assertEquals("unauthorized", JSON.readTree(none.body()).at("/error/code").asText());
        assertTrue(none.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, wrong.statusCode());
        assertEquals(401, basic.statusCode());
        assertEquals(401, health.statusCode());
        assertEquals(200, right.statusCode());
    }

    @Test
    void adminRequest_loopbackWithoutToken_served() throws Exception {
        startTwoServers(UnaryOperator.identity());

        assertEquals(200, get("/debug/datastore", null).statusCode());
    }

    @Test
    void start_adminOnAllInterfacesWithoutToken_refusesToStart() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> startTwoServers(c -> withAdminHost(c, "0.0.0.0")));

        assertTrue(e.getMessage().contains("listeners.admin.token"), e.getMessage());
    }

    @Test
    void start_adminOnAllInterfacesWithToken_servesWithTheToken() throws Exception {
        startTwoServers(c -> withAdminHost(c, "0.0.0.0").withAdminToken(Optional.of("t0ken")));

        assertEquals(401, get("/debug/datastore", null).statusCode());
        assertEquals(200, get("/debug/datastore", "Bearer t0ken").statusCode());
    }

    private static RouterConfig withAdminHost(RouterConfig c, String host) {
        return new RouterConfig(c.inference(), c.metrics(), new ListenerConfig(host, 0), c.datastore(),
                c.maxRequestBodyBytes(), c.upstream(), c.engineMetrics(), c.debug(), c.scheduler(), c.adminToken(),
                c.tracing());
    }

    private void startTwoServers(UnaryOperator<RouterConfig> tweak) {
        SimulatedEngine big = harness.engine("deepseek-r1-7b");
        SimulatedEngine small = harness.engine("deepseek-r1-1.5b");
        harness.start(ROUTE + server("big", "deepseek-r1-7b", "") + server("small", "deepseek-r1-1.5b", "")
                + endpoint("big-0", "big", big.port()) + endpoint("big-down", "big", "127.0.0.1:1", false)
                + endpoint("small-0", "small", small.port()), tweak);
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> harness.router().datastore().ready()));
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> res = get(path, null);
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("application/json", res.headers().firstValue("content-type").orElse(""));
        return JSON.readTree(res.body());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(harness.adminUri(path)).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return harness.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
