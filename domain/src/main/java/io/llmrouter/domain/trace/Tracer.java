package io.llmrouter.domain.trace;

import java.util.Optional;

/**
 * Starts the trace span of one request. Implemented by a tracing adapter (W3C Trace Context in,
 * OTLP out); {@link #NONE} when tracing is not configured, which keeps the router out of traces
 * altogether: a caller's {@code traceparent} then reaches the engine unchanged.
 */
@FunctionalInterface
public interface Tracer {

    Tracer NONE = (name, traceparent) -> Span.NONE;

    /**
     * The request's server span: a child of the caller's span when {@code traceparent} is a valid W3C
     * header value, else the root of a new trace (a malformed header is ignored, as the spec asks).
     */
    Span startRequest(String name, Optional<String> traceparent);
}
