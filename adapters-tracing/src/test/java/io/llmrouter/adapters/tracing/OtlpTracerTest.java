package io.llmrouter.adapters.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.trace.Span;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OtlpTracerTest {

    private static final String CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final List<SpanData> exported = new ArrayList<>();
    private final AtomicLong ticks = new AtomicLong();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T14:00:00Z"), ZoneOffset.UTC);

    private OtlpTracer tracer(double ratio) {
        return new OtlpTracer(ratio, exported::add, clock, ticks::get);
    }

    @Test
    void startRequest_validTraceparent_joinsTheCallersTraceAsItsChild() {
        Span request = tracer(1.0).startRequest("POST /v1/chat/completions", Optional.of(CALLER));
        Span upstream = request.outbound("upstream");
        String sentToEngine = upstream.traceparent().orElseThrow();
        ticks.addAndGet(5_000_000);
        upstream.close();
        request.close();

        SpanData up = exported.get(0);
        SpanData server = exported.get(1);
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", server.traceId());
        assertEquals("00f067aa0ba902b7", server.parentSpanId());
        assertEquals(SpanData.KIND_SERVER, server.kind());
        assertEquals(server.spanId(), up.parentSpanId());
        assertEquals(SpanData.KIND_CLIENT, up.kind());
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-" + up.spanId() + "-01", sentToEngine);
        assertEquals(5_000_000, up.endEpochNanos() - up.startEpochNanos());
    }

    @Test
    void startRequest_malformedTraceparent_startsANewRootTrace() {
        Span request = tracer(1.0).startRequest("r", Optional.of("00-nonsense"));
        request.close();

        assertEquals("", exported.get(0).parentSpanId());
        assertEquals(32, exported.get(0).traceId().length());
        assertNotEquals("4bf92f3577b34da6a3ce929d0e0e4736", exported.get(0).traceId());
    }

    @Test
    void startRequest_callerNotSampled_nothingExportedButTheFlagIsPropagated() {
        Span request = tracer(1.0).startRequest("r", Optional.of(CALLER.replace("-01", "-00")));
        Span upstream = request.outbound("upstream");

        assertTrue(upstream.traceparent().orElseThrow().endsWith("-00"));
        upstream.close();
        request.close();
        assertEquals(List.of(), exported);
    }

    @Test
    void startRequest_ratioZeroButCallerSampled_callerWins() {
        tracer(0.0).startRequest("r", Optional.of(CALLER)).close();
        tracer(0.0).startRequest("r", Optional.empty()).close();

        assertEquals(1, exported.size(), "parent-based: only the caller's sampled trace is kept");
    }

    @Test
    void close_twice_exportedOnceWithAttributesAndError() {
        Span request = tracer(1.0).startRequest("r", Optional.empty());
        request.attribute("http.response.status_code", 502).attribute("llm.model", "m");
        request.error("no pod reachable");
        request.close();
        request.close();

        assertEquals(1, exported.size());
        assertEquals(2, exported.get(0).attributes().size());
        assertEquals("no pod reachable", exported.get(0).errorMessage());
    }
}
