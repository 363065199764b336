package io.llmrouter.adapters.tracing;

import java.util.List;

/**
 * A finished span, immutable, as handed to the exporter's queue.
 *
 * @param parentSpanId empty for the root of a trace
 * @param kind         OTLP's {@code SpanKind} number: 1 internal, 2 server, 3 client
 * @param errorMessage null when the span did not fail
 */
record SpanData(String traceId, String spanId, String parentSpanId, String name, int kind, long startEpochNanos,
                long endEpochNanos, List<Attribute> attributes, String errorMessage) {

    static final int KIND_INTERNAL = 1;
    static final int KIND_SERVER = 2;
    static final int KIND_CLIENT = 3;

    SpanData {
        attributes = List.copyOf(attributes);
    }

    /** A span attribute: a string or a long, as OTLP types it. */
    record Attribute(String key, String stringValue, long longValue, boolean isLong) {

        static Attribute of(String key, String value) {
            return new Attribute(key, value, 0, false);
        }

        static Attribute of(String key, long value) {
            return new Attribute(key, null, value, true);
        }
    }
}
