package io.llmrouter.domain.inference;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.route.HeaderLookup;
import io.llmrouter.domain.route.RouteRequest;
import io.llmrouter.domain.tenancy.Principal;
import io.llmrouter.domain.trace.Span;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One OpenAI-style request as the router understood it after a single parse: the path in its
 * canonical form ({@link ApiPath}: the only paths an engine may see) and the raw query string
 * (without {@code ?}, empty when none; forwarded as received), the
 * {@code model} and {@code stream} fields, the headers to forward, the untouched body, the prompt
 * as the engine will see it, whether the caller may see how it was scheduled ({@code debug}), and
 * the request's trace span, under which each stage opens its own ({@link Span#NONE} when not traced),
 * who is calling ({@code caller}, {@link Principal#ANONYMOUS} without authentication) and the
 * output limit the body sets ({@code max_tokens}, {@code max_completion_tokens} or
 * {@code max_output_tokens}; empty when none), which output rate limits reserve.
 */
public record InferenceRequest(String requestId, String path, String query, String model, boolean stream,
                               List<Header> headers, RequestBody body, PromptText prompt, boolean debug, Span trace,
                               Principal caller, OptionalLong maxOutputTokens) {

    /** An untraced, anonymous request without a query string or output limit. */
    public InferenceRequest(String requestId, String path, String model, boolean stream, List<Header> headers,
                            RequestBody body, PromptText prompt, boolean debug) {
        this(requestId, path, "", model, stream, headers, body, prompt, debug, Span.NONE, Principal.ANONYMOUS,
                OptionalLong.empty());
    }

    /** An anonymous request without an output limit. */
    public InferenceRequest(String requestId, String path, String query, String model, boolean stream,
                            List<Header> headers, RequestBody body, PromptText prompt, boolean debug, Span trace) {
        this(requestId, path, query, model, stream, headers, body, prompt, debug, trace, Principal.ANONYMOUS,
                OptionalLong.empty());
    }

    public InferenceRequest {
        requireNonNull(requestId, "'requestId' must not be null");
        requireNonNull(path, "'path' must not be null");
        requireNonNull(query, "'query' must not be null");
        // Checked here so that no request built anywhere can carry a path the engine would read differently.
        if (!ApiPath.isCanonical(path)) {
            throw new IllegalArgumentException("'path' must be a canonical /v1/ path (ApiPath), was '" + path + "'");
        }
        if (!ApiPath.isForwardableQuery(query)) {
            throw new IllegalArgumentException("'query' must be a valid RFC 3986 query (ApiPath), was '" + query + "'");
        }
        requireNonNull(model, "'model' must not be null");
        headers = List.copyOf(requireNonNull(headers, "'headers' must not be null"));
        requireNonNull(body, "'body' must not be null");
        requireNonNull(prompt, "'prompt' must not be null");
        requireNonNull(trace, "'trace' must not be null");
        requireNonNull(caller, "'caller' must not be null");
        requireNonNull(maxOutputTokens, "'maxOutputTokens' must not be null");
    }

    /** The same request from an authenticated caller. */
    public InferenceRequest withCaller(Principal principal) {
        return new InferenceRequest(requestId, path, query, model, stream, headers, body, prompt, debug, trace,
                principal, maxOutputTokens);
    }

    public InferenceRequest withTrace(Span span) {
        return new InferenceRequest(requestId, path, query, model, stream, headers, body, prompt, debug, span, caller,
                maxOutputTokens);
    }

    /**
     * The same request with every {@code name} header replaced by one {@code name: value} (the
     * {@code traceparent} an engine must see: the router's span, not the caller's).
     */
    public InferenceRequest withHeader(String name, String value) {
        List<Header> replaced = new java.util.ArrayList<>(headers.size() + 1);
        for (Header h : headers) {
            if (!h.is(name)) {
                replaced.add(h);
            }
        }
        replaced.add(new Header(name, value));
        return new InferenceRequest(requestId, path, query, model, stream, replaced, body, prompt, debug, trace, caller,
                maxOutputTokens);
    }

    public Optional<String> header(String name) {
        for (Header h : headers) {
            if (h.is(name)) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    public RouteRequest routeRequest() {
        HeaderLookup lookup = this::header;
        return new RouteRequest(model, lookup, path);
    }
}
