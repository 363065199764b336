package io.llmrouter.adapters.engines.forward;

import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.ConnectionKey;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keep-alive HTTP/1.1 connections to engine pods, handed to each request explicitly so the router
 * holds the connection a request waits on and can close it from another thread when the client
 * leaves (closing is what makes vLLM and SGLang abort the generation). Helidon's own pool hides
 * the connection until the response headers are in, which for a non-streaming answer is the end.
 *
 * <p>Same liveness rules as Helidon's pool: a returned connection is put in idle mode (Helidon
 * watches it for the engine closing it) and one that is no longer connected is never handed out.
 * Newest first, so the engine's keep-alive timeout retires the connections that are not needed.
 */
final class EngineConnections implements AutoCloseable {

    private static final Tls NO_TLS = Tls.builder().enabled(false).build();
    private static final List<String> HTTP_1_1 = List.of("http/1.1");

    private final WebClient client;
    private final int maxIdlePerPod;
    private final Map<ConnectionKey, Idle> idle = new ConcurrentHashMap<>();

    EngineConnections(WebClient client, int maxIdlePerPod) {
        this.client = client;
        this.maxIdlePerPod = maxIdlePerPod;
    }

    /** An idle connection to {@code host:port}, or a new one (connect failures are thrown as Helidon throws them). */
    TcpClientConnection acquire(String host, int port) {
        ConnectionKey key = ConnectionKey.create("http", host, port, NO_TLS, client.prototype().dnsResolver(),
                client.prototype().dnsAddressLookup(), Proxy.noProxy());
        Idle pool = idle.computeIfAbsent(key, k -> new Idle());
        TcpClientConnection connection;
        while ((connection = pool.connections.pollFirst()) != null) {
            pool.size.decrementAndGet();
            if (connection.isConnected()) {
                return connection;
            }
            connection.closeResource();
        }
        return TcpClientConnection.create(client, key, HTTP_1_1, c -> release(pool, c), c -> { }).connect();
    }

    /** Helidon's response close offers the connection back; false makes Helidon close it. */
    private boolean release(Idle pool, TcpClientConnection connection) {
        if (!connection.isConnected() || pool.size.incrementAndGet() > maxIdlePerPod) {
            pool.size.decrementAndGet();
            return false;
        }
        // Idle mode before it can be taken again, as Helidon's pool does: otherwise the next user races the monitor.
        connection.helidonSocket().idle();
        pool.connections.offerFirst(connection);
        return true;
    }

    @Override
    public void close() {
        for (Idle pool : idle.values()) {
            TcpClientConnection connection;
            while ((connection = pool.connections.pollFirst()) != null) {
                connection.closeResource();
            }
        }
    }

    private static final class Idle {
        final Deque<TcpClientConnection> connections = new ConcurrentLinkedDeque<>();
        final AtomicInteger size = new AtomicInteger();
    }
}
