package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whatever spelling a client sends, an engine only ever sees a plain path under /v1/. */
class RequestPathPropertiesTest {

    static RouterHarness harness;
    static RecordingEngine engine;

    @BeforeAll
    static void start() {
        engine = new RecordingEngine();
        harness = new RouterHarness();
        harness.start(route("r", "m", "s") + server("s", "m", "") + endpoint("e", "s", engine.port()));
    }

    @AfterAll
    static void stop() {
        harness.close();
        engine.close();
    }

    @Test
    void randomPaths_neverReachAnEngineOutsideV1() {
        Property.check("paths through the router", 300, targets(), RequestPathPropertiesTest::neverOutsideV1);
    }

    private static void neverOutsideV1(String target) {
        engine.clear();
        RecordingEngine.rawRequest(harness.router().inferencePort(), "POST", target, "{\"model\":\"m\",\"prompt\":\"hi\"}");
        for (RecordingEngine.Received got : engine.inference()) {
            String path = got.path();
            String normalised = URI.create("http://engine" + path).normalize().getPath();
            assertTrue(path.startsWith("/v1/") && normalised.equals(path) && !path.contains("%")
                    && !path.contains("\\") && !path.contains("//"), target + " reached the engine as " + got.target());
        }
    }

    private static Gen<String> targets() {
        List<String> pieces = List.of("/", "v1", "..", ".", "%2e", "%2E", "%2f", "%2F", "%5c", "%5C", "\\", "%25",
                "%252e", "%252f", "%", "%zz", "%00", "completions", "chat", "flush_cache", "generate", "tokenize", ";",
                "%63", "?", "a=1");
        Gen<String> tail = Gen.joined(pieces, 0, 7);
        return Gen.oneOf(tail.map(t -> "/v1/" + t), tail.map(t -> "/" + t));
    }
}
