package io.llmrouter.adapters.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.llmrouter.domain.trace.Span;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exporter against a small OTLP/HTTP collector on loopback (JDK HttpServer on an ephemeral port). */
class OtlpHttpExporterTest {

    private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private HttpServer collector;

    @BeforeEach
    void startCollector() throws Exception {
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            received.add(new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    @Test
    void offer_twoSpansOfOneRequest_collectorGetsOtlpJson() throws Exception {
        try (OtlpHttpExporter exporter = new OtlpHttpExporter(endpoint(), "router-under-test", Duration.ofMillis(50))) {
            Span request = OtlpTracer.exportingTo(exporter, 1.0).startRequest("POST /v1/completions", Optional.empty());
            Span route = request.child("route").attribute("llm.model", "m");
            route.close();
            request.close();

            JsonNode body = received.poll(10, TimeUnit.SECONDS);

            assertEquals("service.name", body.at("/resourceSpans/0/resource/attributes/0/key").asText());
            assertEquals("router-under-test", body.at("/resourceSpans/0/resource/attributes/0/value/stringValue").asText());
            JsonNode spans = body.at("/resourceSpans/0/scopeSpans/0/spans");
            assertEquals(2, spans.size());
            assertEquals("route", spans.get(0).get("name").asText());
            assertEquals(spans.get(1).get("spanId").asText(), spans.get(0).get("parentSpanId").asText());
            assertEquals(1, spans.get(0).get("kind").asInt());
            assertEquals(2, spans.get(1).get("kind").asInt());
            assertEquals("m", spans.get(0).at("/attributes/0/value/stringValue").asText());
            assertTrue(Long.parseLong(spans.get(1).get("endTimeUnixNano").asText())
                    >= Long.parseLong(spans.get(1).get("startTimeUnixNano").asText()));
            // Counted once the collector's answer is read, which may be just after the body arrived.
            awaitTrue(() -> exporter.exported() == 2);
        }
    }

    @Test
    void close_spansStillQueued_sentBeforeTheExporterStops() throws Exception {
        OtlpHttpExporter exporter = new OtlpHttpExporter(endpoint(), "svc", Duration.ofSeconds(30));
        OtlpTracer tracer = OtlpTracer.exportingTo(exporter, 1.0);
        for (int i = 0; i < 3; i++) {
            tracer.startRequest("r" + i, Optional.empty()).close();
        }

        exporter.close();

        int spans = 0;
        for (JsonNode body = received.poll(5, TimeUnit.SECONDS); body != null; body = received.poll(200, TimeUnit.MILLISECONDS)) {
            spans += body.at("/resourceSpans/0/scopeSpans/0/spans").size();
        }
        assertEquals(3, spans);
    }

    @Test
    void offer_collectorDown_spansDroppedAndCountedRequestsUnaffected() throws Exception {
        collector.stop(0);
        try (OtlpHttpExporter exporter = new OtlpHttpExporter(endpoint(), "svc", Duration.ofMillis(20))) {
            OtlpTracer.exportingTo(exporter, 1.0).startRequest("r", Optional.empty()).close();

            awaitTrue(() -> exporter.dropped() == 1);
            assertEquals(0, exporter.exported());
        }
    }

    @Test
    void encode_errorSpan_statusCodeTwoWithMessage() throws Exception {
        SpanData failed = new SpanData("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "", "upstream", 3, 1, 2,
                List.of(SpanData.Attribute.of("llm.attempt", 2)), "connect refused");

        JsonNode span = new ObjectMapper().readTree(new OtlpJsonEncoder("svc").encode(List.of(failed)))
                .at("/resourceSpans/0/scopeSpans/0/spans/0");

        assertEquals(2, span.at("/status/code").asInt());
        assertEquals("connect refused", span.at("/status/message").asText());
        assertEquals("2", span.at("/attributes/0/value/intValue").asText());
        assertTrue(span.get("parentSpanId") == null, "a root span has no parentSpanId field");
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean());
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
    }
}
