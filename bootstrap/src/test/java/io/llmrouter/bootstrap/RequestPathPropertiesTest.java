package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever spelling a client sends, an engine only ever sees a plain path under /v1/. */
class RequestPathPropertiesTest {

    static RouterHarness harness;
    static RecordingEngine engine;

    @BeforeContainer
    static void start() {
        engine = new RecordingEngine();
        harness = new RouterHarness();
        harness.start(route("r", "m", "s") + server("s", "m", "") + endpoint("e", "s", engine.port()));
    }

    @AfterContainer
    static void stop() {
        harness.close();
        engine.close();
    }

    @Property(tries = 300)
    void randomPaths_neverReachAnEngineOutsideV1(@ForAll("targets") String target) {
        engine.clear();
        RecordingEngine.rawRequest(harness.router().inferencePort(), "POST", target, "{\"model\":\"m\",\"prompt\":\"hi\"}");
        for (RecordingEngine.Received got : engine.inference()) {
            String path = got.path();
            String normalised = URI.create("http://engine" + path).normalize().getPath();
            assertTrue(path.startsWith("/v1/") && normalised.equals(path) && !path.contains("%")
                    && !path.contains("\\") && !path.contains("//"), target + " reached the engine as " + got.target());
        }
    }

    @Provide
    Arbitrary<String> targets() {
        List<String> pieces = List.of("/", "v1", "..", ".", "%2e", "%2E", "%2f", "%2F", "%5c", "%5C", "\\", "%25",
                "%252e", "%252f", "%", "%zz", "%00", "completions", "chat", "flush_cache", "generate", "tokenize", ";",
                "%63", "?", "a=1");
        Arbitrary<String> tail = Arbitraries.of(pieces).list().ofMaxSize(7).map(l -> String.join("", l));
        return Arbitraries.oneOf(tail.map(t -> "/v1/" + t), tail.map(t -> "/" + t));
    }
}
