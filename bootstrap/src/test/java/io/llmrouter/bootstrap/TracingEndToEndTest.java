package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.llmrouter.bootstrap.config.TracingConfig;
import io.llmrouter.sim.SimulatedEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * W3C trace context through the router: the engine receives a {@code traceparent} in the caller's
 * trace whose parent is the router's upstream span, and the router's spans reach an OTLP collector
 * (a JDK HttpServer on loopback standing in for one).
 */
class TracingEndToEndTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final String CALLER = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";
    private static final String BODY = "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":2}";

    private final RouterHarness harness = new RouterHarness();
    /** Every span the collector received, by span id. */
    private final Map<String, JsonNode> spans = new ConcurrentHashMap<>();
    private HttpServer collector;

    @AfterEach
    void stop() {
        harness.close();
        if (collector != null) {
            collector.stop(0);
        }
    }

    @Test
    void traceparent_tracingOn_engineGetsTheCallersTraceWithTheRoutersUpstreamSpanAsParent() throws Exception {
        SimulatedEngine engine = start(this::withCollector);

        HttpResponse<String> res = harness.post("/v1/completions", BODY, "traceparent", CALLER);

        assertEquals(200, res.statusCode(), res.body());
        String sent = engine.recordedRequests().getLast().header("traceparent");
        assertNotNull(sent);
        String[] parts = sent.split("-");
        assertEquals(TRACE_ID, parts[1], "the trace id is preserved");
        assertNotEquals(CALLER_SPAN, parts[2], "the parent is the router's span, not the caller's");
        assertEquals("01", parts[3]);
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(10), () -> spans.containsKey(parts[2])
                && spans.values().stream().anyMatch(s -> CALLER_SPAN.equals(text(s, "parentSpanId")))));
        JsonNode upstream = spans.get(parts[2]);
        assertEquals("upstream", text(upstream, "name"));
        assertEquals(3, upstream.get("kind").asInt(), "client span");
        JsonNode request = spans.get(text(upstream, "parentSpanId"));
        assertEquals("POST /v1/completions", text(request, "name"));
        assertEquals(CALLER_SPAN, text(request, "parentSpanId"));
        assertEquals(TRACE_ID, text(request, "traceId"));
    }

    @Test
    void spans_tracingOn_eachStageIsAChildOfTheRequestSpan() throws Exception {
        start(this::withCollector);

        harness.post("/v1/completions", BODY, "traceparent", CALLER);

        assertTrue(RouterHarness.eventually(Duration.ofSeconds(10), () -> spans.size() >= 5));
        JsonNode request = spans.values().stream().filter(s -> CALLER_SPAN.equals(text(s, "parentSpanId")))
                .findFirst().orElseThrow();
        Map<String, JsonNode> children = new HashMap<>();
        spans.values().stream().filter(s -> text(request, "spanId").equals(text(s, "parentSpanId")))
                .forEach(s -> children.put(text(s, "name"), s));
        assertEquals(java.util.Set.of("parse", "route", "schedule", "upstream"), children.keySet());
        assertTrue(attributes(request).contains("\"http.response.status_code\""), attributes(request));
        assertTrue(attributes(children.get("upstream")).contains("default/e-0"), attributes(children.get("upstream")));
    }

    @Test
    void traceparent_malformed_engineGetsANewValidTrace() throws Exception {
        SimulatedEngine engine = start(this::withCollector);

        harness.post("/v1/completions", BODY, "traceparent", "00-not-a-trace-01");

        String sent = engine.recordedRequests().getLast().header("traceparent");
        assertTrue(sent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), sent);
    }

    @Test
    void traceparent_tracingOff_passesToTheEngineUnchanged() throws Exception {
        SimulatedEngine engine = start(UnaryOperator.identity());

        harness.post("/v1/completions", BODY, "traceparent", CALLER);

        assertEquals(CALLER, engine.recordedRequests().getLast().header("traceparent"));
    }

    private SimulatedEngine start(UnaryOperator<io.llmrouter.bootstrap.config.RouterConfig> tweak) {
        SimulatedEngine engine = harness.engine("model-x");
        harness.start(route("r", "m", "s") + server("s", "model-x", "") + endpoint("e-0", "s", engine.port()), tweak);
        assertTrue(RouterHarness.eventually(Duration.ofSeconds(5), () -> harness.router().datastore().ready()));
        return engine;
    }

    private io.llmrouter.bootstrap.config.RouterConfig withCollector(io.llmrouter.bootstrap.config.RouterConfig c) {
        try {
            collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        collector.createContext("/v1/traces", exchange -> {
            JsonNode body = new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes());
            body.at("/resourceSpans/0/scopeSpans/0/spans").forEach(s -> spans.put(text(s, "spanId"), s));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        URI endpoint = URI.create("http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
        return c.withTracing(new TracingConfig(Optional.of(endpoint), "llm-router-test", 1.0));
    }

    private static String text(JsonNode span, String field) {
        JsonNode v = span.get(field);
        return v == null ? "" : v.asText();
    }

    private static String attributes(JsonNode span) {
        return span.get("attributes").toString();
    }
}
