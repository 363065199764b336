package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.bootstrap.config.RouterConfigLoader;
import io.llmrouter.bootstrap.config.TenancyConfig;
import io.llmrouter.sim.SimulatedEngine;
import io.llmrouter.testkit.RedisProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ModelRoute limits with global.redis: one budget for several router replicas, and Redis outages. */
class GlobalRateLimitEndToEndTest {

    private static final String COMPLETION = "{\"model\":\"m\",\"prompt\":\"hello there\",\"max_tokens\":3}";

    private RedisProcess redis;
    private final RouterHarness a = new RouterHarness();
    private final RouterHarness b = new RouterHarness();

    @BeforeEach
    void startRedis() throws IOException {
        if (RedisProcess.missing().isPresent()) {
            if (System.getenv("CI") != null) {
                throw new AssertionError(RedisProcess.missing().get() + ": CI must run the Redis tests");
            }
            org.junit.jupiter.api.Assumptions.abort(RedisProcess.missing().get() + "; skipped outside CI");
        }
        redis = RedisProcess.start();
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        if (redis != null) {
            redis.close();
        }
    }

    private String manifest(RouterHarness h, int outputPerHour) {
        SimulatedEngine engine = h.engine("model-x");
        return TenancyEndToEndTest.route("r", "m", "s", "{outputTokensPerUnit: " + outputPerHour
                + ", unit: hour, global: {redis: {address: \"" + redis.address() + "\"}}}")
                + server("s", "model-x", "") + endpoint("e", "s", engine.port());
    }

    private static TenancyConfig tenancy(String yaml) throws IOException {
        Path file = Files.createTempFile("router", ".yaml");
        Files.writeString(file, yaml);
        return RouterConfigLoader.load(file).tenancy();
    }

    @Test
    void twoRoutersSharingOneRedisHoldOneLimitWithinOneRequestsTokens() throws Exception {
        // 30 output tokens an hour, 3 per request: the pair may serve 10 requests between them, not 20.
        TenancyConfig tenancy = tenancy("rateLimits: {redis: {timeout: 2s}}\n");
        a.start(manifest(a, 30), c -> c.withTenancy(tenancy));
        b.start(manifest(b, 30), c -> c.withTenancy(tenancy));
        int served = 0;
        for (int i = 0; i < 20; i++) {
            RouterHarness h = i % 2 == 0 ? a : b;
            int status = h.post("/v1/completions", COMPLETION).statusCode();
            assertTrue(status == 200 || status == 429, "status " + status);
            served += status == 200 ? 1 : 0;
        }
        assertEquals(10, served, "one shared budget of 30 tokens");
        String stored = redis.command("HGET", "kthena:ratelimit:m:output", "tokens");
        assertTrue(Double.parseDouble(stored) < 1, "Kthena's key holds the shared level: " + stored);
    }

    @Test
    void redisDownKeepsServingUnderFailOpenRefusesUnderFailClosedAndRecovers() throws Exception {
        a.start(manifest(a, 3000), c -> c.withTenancy(uncheck("rateLimits: {redis: {timeout: 2s, connectTimeout: 1s,"
                + " retryInterval: 200ms, failurePolicy: failOpen}}\n")));
        b.start(manifest(b, 3000), c -> c.withTenancy(uncheck("rateLimits: {redis: {timeout: 2s, connectTimeout: 1s,"
                + " retryInterval: 200ms, failurePolicy: failClosed}}\n")));
        assertEquals(200, a.post("/v1/completions", COMPLETION).statusCode());
        assertEquals(200, b.post("/v1/completions", COMPLETION).statusCode());
        redis.stop();
        HttpResponse<String> open = a.post("/v1/completions", COMPLETION);
        assertEquals(200, open.statusCode(), "failOpen: served from a local bucket");
        assertTrue(open.headers().firstValue("x-ratelimit-limit-tokens").isPresent());
        HttpResponse<String> closed = b.post("/v1/completions", COMPLETION);
        assertEquals(429, closed.statusCode(), "failClosed refuses, and never with a 5xx: " + closed.body());
        assertTrue(closed.body().contains("unreachable"), closed.body());
        assertTrue(closed.headers().firstValue("retry-after").isPresent());
        assertTrue(a.get(a.metricsUri("/metrics")).body().contains("llm_router_rate_limit_store_up{address=\""
                + redis.address() + "\"} 0.0"));
        redis.startAgain();
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(10),
                () -> b.post("/v1/completions", COMPLETION).statusCode() == 200), "failClosed serves again");
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> {
            a.post("/v1/completions", COMPLETION);
            return a.get(a.metricsUri("/metrics")).body().contains("llm_router_rate_limit_store_up{address=\""
                    + redis.address() + "\"} 1.0");
        }));
    }

    private static TenancyConfig uncheck(String yaml) {
        try {
            return tenancy(yaml);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
