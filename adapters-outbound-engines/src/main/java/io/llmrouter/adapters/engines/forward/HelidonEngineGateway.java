package io.llmrouter.adapters.engines.forward;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;
import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.inference.UpstreamCall;
import io.llmrouter.domain.port.EngineGateway;
import io.llmrouter.domain.port.ResponseSink;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Forwards requests to engine pods over pooled HTTP/1.1 keep-alive connections (Helidon WebClient)
 * and relays the answers as they arrive.
 *
 * <p>The read timeout of a call is the ModelServer's {@code trafficPolicy.timeout}, else the router's
 * idle timeout: it bounds the wait for the response headers and then every silent gap in a stream,
 * so a hung engine cannot hold a request forever. 5xx answers are read (bounded) and returned, not
 * relayed, so the caller can try another pod.
 */
public final class HelidonEngineGateway implements EngineGateway {

    /** The most of a 5xx body kept for relaying later; engines' error bodies are small. */
    static final int MAX_HELD_ERROR_BODY = 64 * 1024;
    private static final int RELAY_BUFFER = 16 * 1024;
    /** Idle keep-alive connections kept per pod (Helidon's own pool default). */
    private static final int MAX_IDLE_PER_POD = 256;

    private final WebClient client;
    private final EngineConnections connections;
    private final Duration idleTimeout;

    public HelidonEngineGateway(Duration connectTimeout, Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
        this.client = WebClient.builder()
                .connectTimeout(connectTimeout)
                .followRedirects(false)
                .sendExpectContinue(false)
                .keepAlive(true)
                .build();
        this.connections = new EngineConnections(client, MAX_IDLE_PER_POD);
    }

    @Override
    public ForwardResult forward(UpstreamCall call, ResponseSink sink) {
        if (sink.clientGone()) {
            return new ForwardResult.ClientGone();
        }
        HttpClientResponse response;
        TcpClientConnection connection = null;
        try {
            connection = connections.acquire(call.host(), call.port());
            // Until the headers arrive (for a plain JSON answer: until it is done) only closing this connection
            // tells the engine that nobody waits any more.
            try (ResponseSink.Registration cancel = sink.onClientGone(connection::closeResource)) {
                // Every stream asks for usage, so tokens are known; the relay hides what the client did not ask for.
                response = request(call).connection(connection).submit(BodyRewriter.rewrite(call.request().body(),
                        call.modelOverride(), call.request().stream()));
            }
        } catch (RuntimeException e) {
            if (connection != null) {
                connection.closeResource(); // half a request may be on it
            }
            return sink.clientGone() ? new ForwardResult.ClientGone() : failedBeforeResponse(call, e);
        }
        if (sink.clientGone()) {
            closeQuietly(response);
            return new ForwardResult.ClientGone();
        }
        try (response) {
            int status = response.status().code();
            if (status >= 500) {
                return new ForwardResult.ServerError(status, responseHeaders(response), readBounded(response));
            }
            boolean hideUsage = call.request().stream() && call.request().body().includeUsage().isPresent();
            List<io.llmrouter.domain.inference.Header> headers = responseHeaders(response);
            if (hideUsage) {
                // Bytes will be left out, so a declared length would be wrong (engines stream chunked anyway).
                headers.removeIf(h -> h.is("content-length"));
            }
            return new StreamRelay(response, sink, call.request().stream(), hideUsage).relay(status, headers);
        }
    }

    private HttpClientRequest request(UpstreamCall call) {
        // The target was checked and normalised on the way in (InferenceRequest): send it byte for byte,
        // or the client would percent-encode the query's '?' and every '%' a second time.
        HttpClientRequest request = client.post().skipUriEncoding(true).uri("http://" + call.authority() + call.target())
                .readTimeout(call.headerTimeout().orElse(idleTimeout));
        for (io.llmrouter.domain.inference.Header h : call.request().headers()) {
            if (HopByHopHeaders.forwarded(h.name())) {
                request.header(HeaderNames.create(h.name()), h.value());
            }
        }
        request.header(HeaderNames.create("x-request-id"), call.request().requestId());
        return request;
    }

    /**
     * A read timeout means the engine had the request and did not answer in time (not retried: it may
     * still be working on it). A connect timeout means the request never left, so it is a connection
     * failure like a refusal, and another pod may take it.
     */
    static ForwardResult failedBeforeResponse(UpstreamCall call, RuntimeException e) {
        String where = call.authority();
        if (hasCause(e, SocketTimeoutException.class) && !connectTimedOut(e)) {
            return new ForwardResult.TimedOut("no response headers from " + where + " within the timeout");
        }
        return new ForwardResult.ConnectFailed(where + ": " + describe(e));
    }

    private static boolean connectTimedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException timeout) {
                String message = timeout.getMessage();
                if (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("connect")) {
                    return true;
                }
                for (StackTraceElement frame : timeout.getStackTrace()) {
                    if (frame.getMethodName().equals("connect") && frame.getClassName().startsWith("java.net.")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static List<io.llmrouter.domain.inference.Header> responseHeaders(HttpClientResponse response) {
        List<io.llmrouter.domain.inference.Header> headers = new ArrayList<>();
        for (Header h : response.headers()) {
            if (HopByHopHeaders.forwarded(h.name()) || h.name().equalsIgnoreCase("content-length")) {
                for (String v : h.allValues()) {
                    headers.add(new io.llmrouter.domain.inference.Header(h.name(), v));
                }
            }
        }
        return headers;
    }

    private static void closeQuietly(HttpClientResponse response) {
        try {
            response.close(); // unless the body is already buffered, Helidon closes the connection rather than pooling it
        } catch (RuntimeException e) {
            // already closed under it
        }
    }

    private static byte[] readBounded(HttpClientResponse response) {
        try (InputStream in = response.inputStream()) {
            return in.readNBytes(MAX_HELD_ERROR_BODY);
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    static int relayBufferSize() {
        return RELAY_BUFFER;
    }
}
