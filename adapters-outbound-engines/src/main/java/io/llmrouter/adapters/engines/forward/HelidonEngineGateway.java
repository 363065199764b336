package io.llmrouter.adapters.engines.forward;

import io.helidon.common.socket.SocketOptions;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;
import io.llmrouter.domain.inference.ApiPath;
import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.inference.UpstreamCall;
import io.llmrouter.domain.port.EngineGateway;
import io.llmrouter.domain.port.ResponseSink;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Forwards requests to engine pods over pooled HTTP/1.1 keep-alive connections (Helidon WebClient)
 * and relays the answers as they arrive.
 *
 * <p>The read timeout of a call is the ModelServer's {@code trafficPolicy.timeout}, else the router's
 * idle timeout: it bounds the wait for the response headers and then every silent gap in a stream,
 * so a hung engine cannot hold a request forever. 5xx answers are read (bounded, see
 * {@link #MAX_HELD_ERROR_BODY}) and returned, not relayed, so the caller can try another pod.
 */
public final class HelidonEngineGateway implements EngineGateway {

    /**
     * The most of a 5xx body kept for relaying later; engines' error bodies are small. A longer one
     * reaches the client cut at this length (with headers that say so, see ForwardResult.ServerError).
     */
    static final int MAX_HELD_ERROR_BODY = 64 * 1024;
    private static final int RELAY_BUFFER = 16 * 1024;
    /** For {@link #failedBeforeResponse}: the request never got a connection. */
    static final long NOT_SENDING = -1;
    /** Idle keep-alive connections kept per pod (Helidon's own pool default). */
    private static final int MAX_IDLE_PER_POD = 256;

    private final WebClient client;
    private final EngineConnections connections;
    private final Duration idleTimeout;
    /** The engine connections of the requests in flight, for {@link #cutInFlight}. */
    private final Set<TcpClientConnection> held = ConcurrentHashMap.newKeySet();
    /** Why nothing more is forwarded, once the router has cut its requests for a shutdown; null until then. */
    private volatile String shutdownReason;

    public HelidonEngineGateway(Duration connectTimeout, Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
        this.client = WebClient.builder()
                .connectTimeout(connectTimeout)
                .followRedirects(false)
                .sendExpectContinue(false)
                .keepAlive(true)
                // Its own pool: Helidon shares one between clients by default, so a metrics scrape's
                // connection (and its read timeout, which sets how long the pool watches it idle)
                // could otherwise carry the next inference request.
                .shareConnectionCache(false)
                // Headers and body go out as separate writes; none should wait for the engine's delayed
                // ACK under Nagle's algorithm (nginx's tcp_nodelay, on by default; Envoy always).
                .socketOptions(SocketOptions.builder().tcpNoDelay(true).build())
                .build();
        this.connections = new EngineConnections(client, MAX_IDLE_PER_POD);
    }

    /**
     * Ends every request in flight to an engine, for a shutdown whose drain time is up: their engine
     * connections are closed (which makes the engines stop generating), a stream being relayed ends
     * with the router's error event and {@code [DONE]}, and from now on nothing more is forwarded.
     */
    public void cutInFlight(String reason) {
        shutdownReason = reason;
        for (TcpClientConnection connection : held) {
            connection.closeResource();
        }
    }

    @Override
    public ForwardResult forward(UpstreamCall call, ResponseSink sink) {
        // The request's StreamUsage says whether the body asks for usage and whether the relay hides it.
        return forward(call, BodyRewriter.spliced(call.request().body(), call.modelOverride()), sink, new LegHandle());
    }

    /** {@link #forward(UpstreamCall, ResponseSink)} with a body of the caller's (a PD decode leg), cancellable. */
    ForwardResult forward(UpstreamCall call, OutboundBody body, ResponseSink sink, LegHandle handle) {
        if (shutdownReason != null) {
            return new ForwardResult.ShutDown(shutdownReason);
        }
        try {
            return forward(call, body, sink, handle, true);
        } finally {
            if (handle.connection() != null) {
                held.remove(handle.connection());
            }
        }
    }

    /** An engine's whole answer to a request that is not relayed (a PD prefill leg). */
    record Answer(int status, List<io.llmrouter.domain.inference.Header> headers, byte[] body) {
    }

    /**
     * Sends {@code body} and reads the whole answer (up to {@link #MAX_HELD_ERROR_BODY} times 16)
     * without relaying it; {@code failure[0]} gets what went wrong when the result is null (the same
     * classification as {@link #forward}). The client leaving closes the engine connection.
     */
    Answer exchange(UpstreamCall call, OutboundBody body, ResponseSink sink, LegHandle handle, ForwardResult[] failure) {
        if (shutdownReason != null) {
            failure[0] = new ForwardResult.ShutDown(shutdownReason);
            return null;
        }
        Answer[] answer = {null};
        ResponseSink capture = new ResponseSink() {
            @Override
            public void start(int status, List<io.llmrouter.domain.inference.Header> headers) {
            }

            @Override
            public void header(String name, String value) {
            }

            @Override
            public void write(byte[] buffer, int offset, int length) {
            }

            @Override
            public void flush() {
            }

            @Override
            public boolean committed() {
                return false;
            }

            @Override
            public Registration onClientGone(Runnable onGone) {
                return sink.onClientGone(onGone);
            }

            @Override
            public boolean clientGone() {
                return sink.clientGone();
            }
        };
        try {
            ForwardResult result = forward(call, body, capture, handle, false, answer);
            if (answer[0] == null) {
                failure[0] = result;
            }
            return answer[0];
        } finally {
            if (handle.connection() != null) {
                held.remove(handle.connection());
            }
        }
    }

    private ForwardResult forward(UpstreamCall call, OutboundBody body, ResponseSink sink, LegHandle handle, boolean relay) {
        return forward(call, body, sink, handle, relay, null);
    }

    /**
     * {@code handle} gets the engine connection as soon as there is one, so that a shutdown or a PD
     * cancel can cut it. Without {@code relay}, the whole answer goes to {@code answer[0]} instead.
     */
    private ForwardResult forward(UpstreamCall call, OutboundBody body, ResponseSink sink, LegHandle handle, boolean relay,
                                  Answer[] answer) {
        if (sink.clientGone()) {
            return new ForwardResult.ClientGone();
        }
        Duration headerTimeout = call.headerTimeout().orElse(idleTimeout);
        long[] sendingSince = {NOT_SENDING};
        HttpClientResponse response;
        TcpClientConnection connection = null;
        try {
            connection = connections.acquire(call.host(), call.port());
            held.add(connection);
            handle.attach(connection);
            if (shutdownReason != null) {
                connection.closeResource(); // the cut ran between the check above and the add
            }
            // Until the headers arrive (for a plain JSON answer: until it is done) only closing this connection
            // tells the engine that nobody waits any more.
            TcpClientConnection held = connection;
            try (ResponseSink.Registration cancel = sink.onClientGone(held::closeResource)) {
                // The body is written from the handler, which Helidon calls once it holds the connection:
                // that marks the end of the connect phase for failedBeforeResponse.
                response = request(call, headerTimeout, body.length()).connection(held).outputStream(out -> {
                    sendingSince[0] = System.nanoTime();
                    body.writeTo(out);
                    out.close();
                });
            }
        } catch (RuntimeException e) {
            if (connection != null) {
                connection.closeResource(); // half a request may be on it
            }
            if (handle.cancelled()) {
                return new ForwardResult.ConnectFailed(call.authority() + ": cancelled by the router (the other PD leg failed)");
            }
            if (sink.clientGone()) {
                return new ForwardResult.ClientGone();
            }
            if (shutdownReason != null) {
                return new ForwardResult.ShutDown(shutdownReason);
            }
            long waited = sendingSince[0] == NOT_SENDING ? NOT_SENDING : System.nanoTime() - sendingSince[0];
            return failedBeforeResponse(call, e, waited, headerTimeout);
        }
        if (sink.clientGone()) {
            closeQuietly(response);
            return new ForwardResult.ClientGone();
        }
        try (response) {
            int status = response.status().code();
            if (!relay) {
                answer[0] = new Answer(status, responseHeaders(response), readBounded(response, 16 * MAX_HELD_ERROR_BODY));
                return new ForwardResult.Relayed(status, true);
            }
            if (status >= 500) {
                return new ForwardResult.ServerError(status, responseHeaders(response), readBounded(response));
            }
            List<io.llmrouter.domain.inference.Header> headers = responseHeaders(response);
            boolean eventStream = call.request().stream() && eventStream(headers);
            if (eventStream) {
                // Events may be withheld (the usage chunk, a half event of a cut stream) or added (the
                // error event), so a declared length could be wrong; engines stream chunked anyway.
                headers.removeIf(h -> h.is("content-length"));
            }
            boolean hideUsage = eventStream && call.request().body().usage().hideUsageChunk();
            boolean expectDone = ApiPath.streamEndsWithDone(call.request().path());
            return new StreamRelay(response, sink, eventStream, hideUsage, expectDone, () -> shutdownReason)
                    .relay(status, headers);
        }
    }

    private HttpClientRequest request(UpstreamCall call, Duration headerTimeout, int bodyLength) {
        // The target was checked and normalised on the way in (InferenceRequest): send it byte for byte,
        // or the client would percent-encode the query's '?' and every '%' a second time.
        HttpClientRequest request = client.post().skipUriEncoding(true).uri("http://" + call.authority() + call.target())
                .readTimeout(headerTimeout);
        List<io.llmrouter.domain.inference.Header> headers = call.request().headers();
        HopByHopHeaders hopByHop = HopByHopHeaders.of(values(headers, "connection"));
        // One header line per value, in the client's order: header() replaces, so repeated names
        // (Cookie, Accept, X-Forwarded-For, ...) are set once with all their values.
        Map<String, List<String>> byName = new LinkedHashMap<>();
        Map<String, String> spelling = new LinkedHashMap<>();
        for (io.llmrouter.domain.inference.Header h : headers) {
            if (hopByHop.forwarded(h.name())) {
                String key = h.name().toLowerCase(Locale.ROOT);
                spelling.putIfAbsent(key, h.name());
                byName.computeIfAbsent(key, k -> new ArrayList<>()).add(h.value());
            }
        }
        byName.forEach((key, values) -> request.header(HeaderValues.create(HeaderNames.create(spelling.get(key)), values)));
        request.header(HeaderNames.create("x-request-id"), call.request().requestId());
        // Declared, so the body written through the output stream goes out with a length, not chunked.
        request.header(HeaderValues.create(HeaderNames.CONTENT_LENGTH, bodyLength));
        return request;
    }

    /**
     * What a failure before the response headers was, judged by what happened rather than by the
     * exception's looks. {@code waitedNanos}: how long the request had been going out on a connection
     * when it failed, or {@link #NOT_SENDING} when it never got one.
     *
     * <ul>
     *   <li>No connection (refused, unreachable, connect timeout, TLS): nothing reached the engine;
     *       a connect failure, another pod may take it.</li>
     *   <li>A socket read timeout after the request had waited the whole header timeout: the engine
     *       had the request and did not answer in time. Its connection is closed (the engine stops
     *       the request) and, since nothing reached the client, the next pod may take it.</li>
     *   <li>Anything else on a connection (EOF or reset before any response byte, a broken pipe, a
     *       "timeout" long before the header timeout): the connection died under the request, most
     *       often a pooled one the engine had closed, or one whose idle watch expired as it was taken
     *       (Helidon watches an idle pooled connection with 101 ms reads for as long as its last read
     *       timeout and throws that watch's {@code SocketTimeoutException} into the next request). The
     *       engine never answered and dropped the connection's request with it: retried, like a reset
     *       before headers in nginx ({@code proxy_next_upstream error}) and Envoy ({@code reset}).</li>
     * </ul>
     * A header timeout under ~0.1 s could be mistaken for the idle watch's; no engine answers that fast.
     */
    static ForwardResult failedBeforeResponse(UpstreamCall call, RuntimeException e, long waitedNanos,
                                              Duration headerTimeout) {
        String where = call.authority();
        if (waitedNanos == NOT_SENDING) {
            return new ForwardResult.ConnectFailed(where + ": " + describe(e));
        }
        // The socket's timeout is set in whole milliseconds, so that is the least it can have waited.
        boolean waitedItOut = waitedNanos >= Duration.ofMillis(headerTimeout.toMillis()).toNanos();
        if (hasCause(e, SocketTimeoutException.class) && waitedItOut) {
            return new ForwardResult.TimedOut("no response headers from " + where + " within " + headerTimeout.toMillis()
                    + " ms");
        }
        return new ForwardResult.ConnectFailed(where + ": the connection failed before any response, after "
                + waitedNanos / 1_000_000 + " ms: " + describe(e));
    }

    /**
     * The engine's headers the client may see, every value of each (Set-Cookie, Vary, ...), minus
     * hop-by-hop ones; {@code Content-Length} is kept for the relay to keep or drop, since only the
     * relay knows whether the body goes out unchanged.
     */
    static List<io.llmrouter.domain.inference.Header> responseHeaders(HttpClientResponse response) {
        List<String> connection = new ArrayList<>();
        for (Header h : response.headers()) {
            if (h.name().equalsIgnoreCase("connection")) {
                connection.addAll(h.allValues());
            }
        }
        HopByHopHeaders hopByHop = HopByHopHeaders.of(connection);
        List<io.llmrouter.domain.inference.Header> headers = new ArrayList<>();
        for (Header h : response.headers()) {
            boolean length = h.name().equalsIgnoreCase("content-length") && !hopByHop.nominated(h.name());
            if (hopByHop.forwarded(h.name()) || length) {
                for (String v : h.allValues()) {
                    headers.add(new io.llmrouter.domain.inference.Header(h.name(), v));
                }
            }
        }
        return headers;
    }

    /**
     * An answer to a streaming request is relayed as SSE unless it says it is something else (an
     * engine's JSON error for a bad streaming request is relayed byte for byte, like any body).
     */
    private static boolean eventStream(List<io.llmrouter.domain.inference.Header> headers) {
        for (io.llmrouter.domain.inference.Header h : headers) {
            if (h.is("content-type")) {
                return h.value().toLowerCase(Locale.ROOT).startsWith("text/event-stream");
            }
        }
        return true;
    }

    private static List<String> values(List<io.llmrouter.domain.inference.Header> headers, String name) {
        List<String> values = new ArrayList<>();
        for (io.llmrouter.domain.inference.Header h : headers) {
            if (h.is(name)) {
                values.add(h.value());
            }
        }
        return values;
    }

    private static void closeQuietly(HttpClientResponse response) {
        try {
            response.close(); // unless the body is already buffered, Helidon closes the connection rather than pooling it
        } catch (RuntimeException e) {
            // already closed under it
        }
    }

    private static byte[] readBounded(HttpClientResponse response) {
        return readBounded(response, MAX_HELD_ERROR_BODY);
    }

    private static byte[] readBounded(HttpClientResponse response, int limit) {
        try (InputStream in = response.inputStream()) {
            return in.readNBytes(limit);
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
        return FailureText.describe(e);
    }

    static int relayBufferSize() {
        return RELAY_BUFFER;
    }
}
