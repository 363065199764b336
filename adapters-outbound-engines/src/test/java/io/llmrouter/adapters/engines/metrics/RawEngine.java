package io.llmrouter.adapters.engines.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine stand-in on a loopback socket that answers each connection with whatever its script
 * writes, byte by byte if it likes: a slow drip, a body without end, a lying Content-Length. What
 * the simulator's HTTP server cannot be made to do.
 */
final class RawEngine implements AutoCloseable {

    /** Writes the whole response for the {@code index}-th connection (0-based); may block or sleep. */
    @FunctionalInterface
    interface Script {
        void answer(int index, OutputStream out) throws IOException, InterruptedException;
    }

    /**
     * Answers the {@code request}-th request (0-based) of the {@code connection}-th connection and
     * keeps the connection open for the next one; returning false closes it without an answer.
     */
    @FunctionalInterface
    interface KeepAliveScript {
        boolean answer(int connection, int request, OutputStream out) throws IOException, InterruptedException;
    }

    /** An engine that keeps connections alive across requests, as vLLM's uvicorn does. */
    static RawEngine keepAlive(KeepAliveScript script) throws IOException {
        return new RawEngine((connection, in, out) -> {
            for (int request = 0; ; request++) {
                skipRequestHead(in);
                if (!script.answer(connection, request, out)) {
                    return;
                }
                out.flush();
            }
        });
    }

    /** Reads requests itself from {@code in}; the connection is closed when it returns. */
    @FunctionalInterface
    private interface ConnectionScript {
        void serve(int connection, InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    /** Per connection: nanoTime when writing to it failed because the router had closed it, or 0. */
    final CopyOnWriteArrayList<Long> writeFailedAt = new CopyOnWriteArrayList<>();

    RawEngine(Script script) throws IOException {
        this((index, in, out) -> {
            skipRequestHead(in);
            script.answer(index, out);
        });
    }

    private RawEngine(ConnectionScript script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("raw-engine").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    int index = connections.getAndIncrement();
                    writeFailedAt.add(0L);
                    Thread.ofVirtual().start(() -> serve(socket, index, script));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    private void serve(Socket socket, int index, ConnectionScript script) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            script.serve(index, in, out);
            out.flush();
        } catch (IOException e) {
            writeFailedAt.set(index, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The GET has no body: the request ends with its blank line. */
    private static void skipRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request cut short");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
