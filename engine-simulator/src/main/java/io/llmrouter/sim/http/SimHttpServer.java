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

    private static final String METRICS_SOCKET = "metrics";

    private final String host;
    private final Consumer<HttpRouting.Builder> routes;
    private final Consumer<HttpRouting.Builder> metricsRoutes;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile int port;
    private volatile int metricsPort;
    private WebServer server;

    /**
     * @param metricsPort   -1 for no separate metrics listener, 0 for an ephemeral one, else its port
     * @param metricsRoutes the routes of the metrics listener
     */
    public SimHttpServer(String host, int port, Consumer<HttpRouting.Builder> routes, int metricsPort,
                         Consumer<HttpRouting.Builder> metricsRoutes) {
        this.host = host;
        this.port = port;
        this.routes = routes;
        this.metricsPort = metricsPort;
        this.metricsRoutes = metricsRoutes;
    }

    public SimHttpServer start() {
        lock.lock();
        try {
            if (server == null) {
                QuietLogging.apply();
                // featuresDiscoverServices(false): a Helidon feature on the class path (observe, for one) would
                // otherwise attach itself to every simulated engine, adding endpoints and per-request work.
                var builder = WebServer.builder().host(host).port(port).backlog(BACKLOG).shutdownHook(false)
                    .featuresDiscoverServices(false).routing(routes);
                if (metricsPort >= 0) {
                    builder.putSocket(METRICS_SOCKET, socket -> socket.host(host).port(metricsPort))
                        .routing(METRICS_SOCKET, metricsRoutes);
                }
                server = builder.build().start();
                port = server.port(); // keep the ephemeral ports so a restart reuses them
                if (metricsPort >= 0) {
                    metricsPort = server.port(METRICS_SOCKET);
                }
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

    /** The separate metrics listener's port, or -1 when there is none. */
    public int metricsPort() {
        return metricsPort;
    }

    public String host() {
        return host;
    }

    @Override
    public void close() {
        stop();
    }
}
