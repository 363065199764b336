package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.LoadOverride;
import io.llmrouter.sim.SimulatedEngine;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pod that refuses connections, next to a live one, with the default plugins and no retries: once
 * its metrics scrape has been refused, it must not be tried first (it has no metrics, so load
 * scorers saw it as idle, and every failed try used to teach the prefix index that it held the
 * prompt, which made it the favourite of the very next request).
 */
class DeadPodEndToEndTest {

    private static final int REQUESTS = 40;
    private final RouterHarness harness = new RouterHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void deadPod_isNotPickedFirst_evenWithoutRetries() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SimulatedEngine alive = harness.engine("model-x");
        // The live pod reports a busy engine: a pod with no metrics used to look better than that.
        alive.overrideLoad(new LoadOverride(4, 2, 0.7));
        harness.start(route("r", "m", "s") + server("s", "model-x", "trafficPolicy: {retry: {attempts: 0}}")
                + endpoint("alive", "s", alive.port()) + endpoint("dead", "s", "127.0.0.1:" + closedPort, true));
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> harness.get(
                harness.adminUri("/debug/config_dump/pods")).body().contains("\"unreachable\":true")),
                "the dead pod's scrape should have been refused");
        int failed = 0;
        for (int i = 0; i < REQUESTS; i++) {
            // One prompt for all: the prefix scorer is at its strongest, as in the report.
            if (harness.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"the same prompt every time\","
                    + "\"max_tokens\":2}").statusCode() != 200) {
                failed++;
            }
        }
        assertEquals(0, failed, "requests sent to the dead pod first");
        assertEquals(REQUESTS, alive.stats().requestsReceived());
    }
}
