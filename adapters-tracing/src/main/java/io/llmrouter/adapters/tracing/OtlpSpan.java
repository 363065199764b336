package io.llmrouter.adapters.tracing;

import io.llmrouter.domain.trace.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A live span. Used by one request's thread only, so plain fields; an unsampled span keeps its ids
 * (the next hop still learns the trace and the "not sampled" flag) but records no attributes and
 * is never queued.
 */
final class OtlpSpan implements Span {

    private final OtlpTracer tracer;
    private final TraceParent context;
    private final String parentSpanId;
    private final String name;
    private final int kind;
    private final long startEpochNanos;
    private final long startTick;
    private List<SpanData.Attribute> attributes;
    private String error;
    private boolean ended;

    OtlpSpan(OtlpTracer tracer, TraceParent context, String parentSpanId, String name, int kind) {
        this.tracer = tracer;
        this.context = context;
        this.parentSpanId = parentSpanId;
        this.name = name;
        this.kind = kind;
        this.startEpochNanos = tracer.epochNanos();
        this.startTick = tracer.tick();
    }

    @Override
    public Span child(String childName) {
        return tracer.childOf(context, childName, SpanData.KIND_INTERNAL);
    }

    @Override
    public Span outbound(String childName) {
        return tracer.childOf(context, childName, SpanData.KIND_CLIENT);
    }

    @Override
    public Optional<String> traceparent() {
        return Optional.of(context.header());
    }

    @Override
    public Span attribute(String key, String value) {
        return add(SpanData.Attribute.of(key, value == null ? "" : value));
    }

    @Override
    public Span attribute(String key, long value) {
        return add(SpanData.Attribute.of(key, value));
    }

    private Span add(SpanData.Attribute attribute) {
        if (context.sampled()) {
            if (attributes == null) {
                attributes = new ArrayList<>(4);
            }
            attributes.add(attribute);
        }
        return this;
    }

    @Override
    public void error(String message) {
        error = message == null ? "error" : message;
    }

    @Override
    public void close() {
        if (ended) {
            return;
        }
        ended = true;
        if (context.sampled()) {
            long end = startEpochNanos + Math.max(0, tracer.tick() - startTick);
            tracer.export(new SpanData(context.traceId(), context.spanId(), parentSpanId, name, kind, startEpochNanos,
                    end, attributes == null ? List.of() : attributes, error));
        }
    }

    TraceParent context() {
        return context;
    }
}
