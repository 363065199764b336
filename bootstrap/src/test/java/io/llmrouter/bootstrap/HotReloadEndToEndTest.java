package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.SimulatedEngine;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Editing the manifest changes routing live; a broken edit keeps the last good state and says why. */
class HotReloadEndToEndTest {

    private final RouterHarness harness = new RouterHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void validEdit_newRouteServedWithoutRestart() {
        SimulatedEngine engine = harness.engine("model-x");
        String base = server("s", "model-x", "") + endpoint("e", "s", engine.port());
        harness.start(route("first", "m", "s") + base);
        assertEquals(404, harness.post("/v1/completions", body("added")).statusCode());

        harness.writeManifest(route("first", "m", "s") + route("second", "added", "s") + base);

        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5),
                () -> harness.post("/v1/completions", body("added")).statusCode() == 200));
        assertEquals(2, harness.router().datastore().status().acceptedCount());
    }

    @Test
    void invalidEdit_lastGoodStateKeptAndErrorsReported() {
        SimulatedEngine engine = harness.engine("model-x");
        String good = route("first", "m", "s") + server("s", "model-x", "") + endpoint("e", "s", engine.port());
        harness.start(good);

        // weight 500 breaks the CRD's 0..100 rule
        harness.writeManifest(good.replace("[{modelServerName: s}]", "[{modelServerName: s, weight: 500}]"));

        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5),
                () -> harness.router().datastore().status().rejectedCount() == 1));
        assertEquals(200, harness.post("/v1/completions", body("m")).statusCode(), "the last good routes still serve");
        HttpResponse<String> ready = harness.get(harness.uri("/readyz"));
        assertEquals(200, ready.statusCode());
        assertTrue(ready.body().contains("weight"), "readiness names the refused field: " + ready.body());
        HttpResponse<String> debug = harness.get(harness.adminUri("/debug/datastore"));
        assertTrue(debug.body().contains("\"rejectedCount\":1"), debug.body());
        assertTrue(debug.body().contains("spec.rules[0].targetModels[0].weight"), debug.body());
    }

    private static String body(String model) {
        return "{\"model\":\"" + model + "\",\"prompt\":\"hi\",\"max_tokens\":2}";
    }
}
