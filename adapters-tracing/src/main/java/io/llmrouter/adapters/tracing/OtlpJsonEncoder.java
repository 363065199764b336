package io.llmrouter.adapters.tracing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One batch of spans as an OTLP/HTTP JSON {@code ExportTraceServiceRequest}: one resource (with
 * {@code service.name}), one instrumentation scope, the spans. Per the OTLP JSON mapping, trace and
 * span ids are hex strings, 64-bit times are decimal strings and enums are numbers.
 */
final class OtlpJsonEncoder {

    static final String SCOPE = "io.llmrouter";
    private static final JsonFactory JSON = new JsonFactory();

    private final String serviceName;

    OtlpJsonEncoder(String serviceName) {
        this.serviceName = serviceName;
    }

    byte[] encode(List<SpanData> spans) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + spans.size() * 256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("resourceSpans");
            g.writeStartObject();
            g.writeObjectFieldStart("resource");
            g.writeArrayFieldStart("attributes");
            attribute(g, SpanData.Attribute.of("service.name", serviceName));
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("scopeSpans");
            g.writeStartObject();
            g.writeObjectFieldStart("scope");
            g.writeStringField("name", SCOPE);
            g.writeEndObject();
            g.writeArrayFieldStart("spans");
            for (SpanData span : spans) {
                span(g, span);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void span(JsonGenerator g, SpanData s) throws IOException {
        g.writeStartObject();
        g.writeStringField("traceId", s.traceId());
        g.writeStringField("spanId", s.spanId());
        if (!s.parentSpanId().isEmpty()) {
            g.writeStringField("parentSpanId", s.parentSpanId());
        }
        g.writeStringField("name", s.name());
        g.writeNumberField("kind", s.kind());
        g.writeStringField("startTimeUnixNano", Long.toString(s.startEpochNanos()));
        g.writeStringField("endTimeUnixNano", Long.toString(s.endEpochNanos()));
        g.writeArrayFieldStart("attributes");
        for (SpanData.Attribute a : s.attributes()) {
            attribute(g, a);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("status");
        if (s.errorMessage() != null) {
            g.writeStringField("message", s.errorMessage());
            g.writeNumberField("code", 2);
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void attribute(JsonGenerator g, SpanData.Attribute a) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", a.key());
        g.writeObjectFieldStart("value");
        if (a.isLong()) {
            g.writeStringField("intValue", Long.toString(a.longValue()));
        } else {
            g.writeStringField("stringValue", a.stringValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}
