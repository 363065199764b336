package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that hangs up while the router waits for the engine's answer must cancel the engine's
 * work: the router closes the upstream connection (what makes vLLM and SGLang abort), within a
 * bounded time, and tries no other pod. Watching the client's connection must not disturb it
 * otherwise: keep-alive requests and pipelined requests on one connection come back whole, in order.
 */
class ClientDisconnectEndToEndTest {

    private static final Duration BOUND = Duration.ofSeconds(2);

    private final RouterHarness harness = new RouterHarness();
    private final List<StallingEngine> engines = new ArrayList<>();

    @AfterEach
    void stop() {
        harness.close();
        engines.forEach(StallingEngine::close);
    }

    @Test
    void nonStreaming_clientHangsUpWhileEngineWorks_engineConnectionClosedAndNoOtherPodTried() throws Exception {
        StallingEngine first = engine(-1);
        StallingEngine second = engine(-1);
        harness.start(route("r", "m", "s") + server("s", "m", "") + endpoint("a", "s", first.port())
                + endpoint("b", "s", second.port()));
        try (Socket client = connect()) {
            send(client, request("/v1/completions", "{\"model\":\"m\",\"prompt\":\"long\",\"max_tokens\":4000}"));
            StallingEngine working = awaitRequest(first, second);
            long hungUp = System.nanoTime();
            client.close();
            Duration noticed = working.awaitClosed(BOUND.plusSeconds(3));
            assertTrue(noticed != null, "the engine's connection was still open " + BOUND.plusSeconds(3) + " after the "
                    + "client left");
            Duration afterHangUp = Duration.ofNanos(working.closedAt() - hungUp);
            assertTrue(afterHangUp.compareTo(BOUND) < 0, "the engine's connection closed only " + afterHangUp
                    + " after the client left");
        }
        Thread.sleep(300);
        assertEquals(1, first.requests() + second.requests(), "a cancelled request must not be retried on another pod");
        String metrics = harness.get(harness.metricsUri("/metrics")).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("kthena_router_requests_total{")
                && l.contains("error_type=\"client_disconnected\"") && l.contains("status_code=\"499\"")), metrics);
    }

    @Test
    void streaming_clientHangsUpBeforeTheEngineAnswers_engineConnectionClosed() throws Exception {
        StallingEngine engine = engine(-1);
        harness.start(route("r", "m", "s") + server("s", "m", "") + endpoint("a", "s", engine.port()));
        try (Socket client = connect()) {
            send(client, request("/v1/completions", "{\"model\":\"m\",\"prompt\":\"long\",\"stream\":true}"));
            awaitRequest(engine);
            client.close();
            assertTrue(engine.awaitClosed(BOUND) != null, "the engine's connection stayed open after the client left");
        }
    }

    @Test
    void keepAlive_threeSequentialRequestsOnOneConnection_allAnswered() throws Exception {
        // Slower than the watch's registration tick, so each request is really watched and unwatched.
        StallingEngine engine = engine(200);
        harness.start(route("r", "m", "s") + server("s", "m", "") + endpoint("a", "s", engine.port()));
        try (Socket client = connect()) {
            InputStream in = client.getInputStream();
            for (int i = 0; i < 3; i++) {
                send(client, request("/v1/completions", "{\"model\":\"m\",\"prompt\":\"p" + i + "\"}"));
                Response response = Response.read(in);
                assertEquals(200, response.status(), response.body());
                assertTrue(response.body().contains("\"text\":\"p" + i + "\""), response.body());
            }
        }
        assertEquals(3, engine.requests());
    }

    @Test
    void pipelined_secondRequestSentBeforeFirstAnswered_bothAnsweredWholeInOrder() throws Exception {
        StallingEngine engine = engine(300);
        harness.start(route("r", "m", "s") + server("s", "m", "") + endpoint("a", "s", engine.port()));
        try (Socket client = connect()) {
            send(client, request("/v1/completions", "{\"model\":\"m\",\"prompt\":\"first\"}")
                    + request("/v1/completions", "{\"model\":\"m\",\"prompt\":\"second\"}"));
            InputStream in = client.getInputStream();
            Response one = Response.read(in);
            Response two = Response.read(in);
            assertEquals(200, one.status(), one.body());
            assertTrue(one.body().contains("\"text\":\"first\""), one.body());
            assertEquals(200, two.status(), two.body());
            assertTrue(two.body().contains("\"text\":\"second\""), two.body());
            // and the connection is still good for a third
            send(client, request("/v1/completions", "{\"model\":\"m\",\"prompt\":\"third\"}"));
            Response three = Response.read(in);
            assertTrue(three.body().contains("\"text\":\"third\""), three.body());
        }
    }

    private StallingEngine engine(int answerAfterMillis) {
        StallingEngine engine = new StallingEngine(answerAfterMillis);
        engines.add(engine);
        return engine;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), harness.router().inferencePort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static StallingEngine awaitRequest(StallingEngine... candidates) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (StallingEngine e : candidates) {
                if (e.requests() > 0) {
                    return e;
                }
            }
            sleep(10);
        }
        throw new AssertionError("no engine received the request");
    }

    private static String request(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One HTTP/1.1 response read by its framing (Content-Length), leaving the connection open. */
    record Response(int status, String body) {

        static Response read(InputStream in) throws IOException {
            String status = RecordingEngine.line(in);
            if (status == null) {
                throw new IOException("connection closed before a response");
            }
            int length = -1;
            String header;
            while ((header = RecordingEngine.line(in)) != null && !header.isEmpty()) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            if (length < 0) {
                throw new IOException("response without Content-Length: " + status);
            }
            return new Response(Integer.parseInt(status.substring(9, 12)),
                    new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }

    /**
     * An engine stand-in on a raw socket. With {@code answerAfterMillis < 0} it never answers an
     * inference request and only waits for the router to close the connection, noting when (as
     * vLLM would abort there); otherwise it answers after that delay with a completion whose text is
     * the request's prompt, keeping the connection alive. {@code GET /metrics} gets an empty 200.
     */
    static final class StallingEngine implements AutoCloseable {
        private final int answerAfterMillis;
        private final ServerSocket server;
        private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        private final AtomicInteger requests = new AtomicInteger();
        private final BlockingQueue<Long> closedAt = new LinkedBlockingQueue<>();
        private volatile long lastClosedAt;

        StallingEngine(int answerAfterMillis) {
            this.answerAfterMillis = answerAfterMillis;
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            threads.execute(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        long closedAt() {
            return lastClosedAt;
        }

        /** Waits for a stalled request's connection to be closed by the router; how long it took, null if it was not. */
        Duration awaitClosed(Duration timeout) throws InterruptedException {
            long start = System.nanoTime();
            Long at = closedAt.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (at == null) {
                return null;
            }
            lastClosedAt = at;
            return Duration.ofNanos(System.nanoTime() - start);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    threads.execute(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                while (true) {
                    String requestLine = RecordingEngine.line(in);
                    if (requestLine == null || requestLine.isEmpty()) {
                        return;
                    }
                    int length = 0;
                    String header;
                    while ((header = RecordingEngine.line(in)) != null && !header.isEmpty()) {
                        if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(header.substring(15).trim());
                        }
                    }
                    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                    if (requestLine.startsWith("GET /metrics")) {
                        write(out, "text/plain; version=0.0.4", "");
                        continue;
                    }
                    requests.incrementAndGet();
                    if (answerAfterMillis < 0) {
                        stallUntilClosed(in);
                        return;
                    }
                    sleep(answerAfterMillis);
                    String prompt = body.replaceAll("(?s).*\"prompt\":\"([^\"]*)\".*", "$1");
                    write(out, "application/json", "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"model\":\"m\","
                            + "\"choices\":[{\"index\":0,\"text\":\"" + prompt + "\",\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}");
                }
            } catch (IOException e) {
                // the router dropped a connection it was not waiting on
            }
        }

        /** Generating for as long as the connection is open: a read returns only when the router closes it. */
        private void stallUntilClosed(InputStream in) {
            try {
                while (in.read() != -1) {
                    // the router sends nothing more on this connection while the request is open
                }
            } catch (IOException e) {
                // a reset is a close too
            }
            closedAt.add(System.nanoTime());
        }

        private static void write(OutputStream out, String type, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // best effort
            }
            threads.shutdownNow();
        }
    }
}
