package io.llmrouter.adapters.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.llmrouter.domain.trace.Span;
import io.llmrouter.domain.trace.Tracer;

/**
 * Opens the server span of each {@code /v1/*} request (a child of the caller's W3C
 * {@code traceparent} when valid) around everything the handler does, streaming included: the
 * handler runs on this same thread, so the span ends when the response has been written. The span
 * travels in the request context to {@link OpenAiInferenceService}, which hands it to the use case.
 */
public final class TracingFilter implements Filter {

    static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");
    private static final String CONTEXT_KEY = "io.llmrouter.trace";

    private final Tracer tracer;

    public TracingFilter(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().absolute().path();
        if (!path.startsWith("/v1/")) {
            chain.proceed();
            return;
        }
        String method = req.prologue().method().text();
        try (Span span = tracer.startRequest(method + " " + ApiPath.of(path), req.headers().first(TRACEPARENT))) {
            span.attribute("http.request.method", method).attribute("url.path", path);
            req.context().register(CONTEXT_KEY, span);
            try {
                chain.proceed();
            } catch (RuntimeException e) {
                span.error(e.getClass().getSimpleName());
                throw e;
            }
            int status = res.status().code();
            span.attribute("http.response.status_code", status);
            res.headers().first(RequestIds.HEADER).ifPresent(id -> span.attribute("llm.request_id", id));
            if (status >= 500) {
                span.error("HTTP " + status);
            }
        }
    }

    /** The request's span, or {@link Span#NONE} when the filter is not installed (tests, tracing off). */
    static Span of(ServerRequest req) {
        return req.context().get(CONTEXT_KEY, Span.class).orElse(Span.NONE);
    }

    /** Span names must have low cardinality: the known API paths, else a placeholder. */
    static final class ApiPath {
        private ApiPath() {
        }

        static String of(String path) {
            return switch (path) {
                case "/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/responses", "/v1/models" -> path;
                default -> "/v1/*";
            };
        }
    }
}
