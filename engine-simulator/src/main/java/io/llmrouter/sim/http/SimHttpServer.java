package io.llmrouter.sim.http;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The Helidon server of one instance, stoppable and restartable on the same port so the
 * "refuse connections" fault really closes the listening socket.
 *
 * <p>Thread-safety: start/stop are serialised by a ReentrantLock (they block on socket I/O, so
 * not {@code synchronized}); {@link #port()} is a volatile read.
 */
public final class SimHttpServer implements AutoCloseable {

    /** Large enough for thousands of clients connecting at once (the benchmark opens 2,000+). */
    private static final int BACKLOG = 8192;

    private final String host;
    private final Consumer<HttpRouting.Builder> routes;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile int port;
    private WebServer server;

    public SimHttpServer(String host, int port, Consumer<HttpRouting.Builder> routes) {
        this.host = host;
        this.port = port;
        this.routes = routes;
    }

    public SimHttpServer start() {
        lock.lock();
        try {
            if (server == null) {
                server = WebServer.builder()
                    .host(host)
                    .port(port)
                    .backlog(BACKLOG)
                    .shutdownHook(false)
                    .routing(routes)
                    .build()
                    .start();
                port = server.port(); // keep the ephemeral port so a restart reuses it
            }
            return this;
        } finally {
            lock.unlock();
        }
    }

    public void stop() {
        lock.lock();
        try {
            if (server != null) {
                server.stop();
                server = null;
            }
        } finally {
            lock.unlock();
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    @Override
    public void close() {
        stop();
    }
}
