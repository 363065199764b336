package io.llmrouter.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientConnectionWatch} on a real Helidon server over loopback: a hang-up (FIN or reset)
 * is seen while the handler waits; bytes the client sends early (pipelining) are neither taken nor
 * mistaken for a hang-up; keep-alive connections carry on unharmed through watched requests whose
 * length straddles the registration tick.
 */
class ClientConnectionWatchTest {

    private static ClientConnectionWatch watcher;
    private static WebServer server;
    /** Watches of the requests in progress, in arrival order, with what the handler saw. */
    private static final LinkedBlockingQueue<Held> HELD = new LinkedBlockingQueue<>();

    /** One request held by the handler: its watch, and a latch its onGone listener counts down. */
    record Held(ClientConnectionWatch.Watch watch, CountDownLatch gone) {
    }

    @BeforeAll
    static void start() {
        watcher = ClientConnectionWatch.open().orElseThrow();
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.post("/hold", ClientConnectionWatchTest::hold)
                        .post("/plain", (req, res) -> res.send(req.content().as(String.class) + " gone=false")))
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        watcher.close();
    }

    @BeforeEach
    void clear() {
        HELD.clear();
    }

    /** Reads the body (the echo), watches for up to {@code ?ms=} milliseconds, answers with the echo and what it saw. */
    private static void hold(ServerRequest req, ServerResponse res) throws InterruptedException {
        String echo = req.content().as(String.class);
        long millis = Long.parseLong(req.query().get("ms"));
        ClientConnectionWatch.Watch watch = watcher.start(req);
        CountDownLatch gone = new CountDownLatch(1);
        try (var registration = watch.onGone(gone::countDown)) {
            HELD.add(new Held(watch, gone));
            gone.await(millis, TimeUnit.MILLISECONDS);
        } finally {
            watch.close();
        }
        if (watch.gone()) {
            throw new CloseConnectionException("client gone");
        }
        res.send(echo + " gone=" + watch.gone());
    }

    @Test
    void start_onAnHttp1Request_watchesIt() throws Exception {
        try (Socket client = connect()) {
            send(client, request(60_000, "x"));
            Held held = HELD.poll(5, TimeUnit.SECONDS);
            assertTrue(held != null && held.watch() != ClientConnectionWatch.Watch.NONE,
                    "Helidon's internals were not as expected, so nothing is watched");
        }
    }

    @Test
    void clientCloses_whileHandlerWaits_onGoneRunsWithinOneSecond() throws Exception {
        Socket client = connect();
        send(client, request(60_000, "x"));
        Held held = HELD.poll(5, TimeUnit.SECONDS);
        Thread.sleep(2 * ClientConnectionWatch.TICK_MILLIS); // registered by now
        long closed = System.nanoTime();
        client.close();
        assertTrue(held.gone().await(1, TimeUnit.SECONDS), "the hang-up was not seen");
        assertTrue(held.watch().gone());
        System.out.printf("hang-up seen after %.1f ms%n", (System.nanoTime() - closed) / 1e6);
    }

    @Test
    void clientClosesAtOnce_beforeTheWatchIsRegistered_stillSeen() throws Exception {
        Socket client = connect();
        send(client, request(60_000, "x"));
        Held held = HELD.poll(5, TimeUnit.SECONDS);
        client.close();
        assertTrue(held.gone().await(1, TimeUnit.SECONDS), "an early hang-up was not seen");
    }

    @Test
    void clientResets_seenAsGone() throws Exception {
        Socket client = connect();
        send(client, request(60_000, "x"));
        Held held = HELD.poll(5, TimeUnit.SECONDS);
        client.setSoLinger(true, 0); // close with RST
        client.close();
        assertTrue(held.gone().await(1, TimeUnit.SECONDS), "a reset was not seen");
    }

    @Test
    void clientHalfCloses_seenAsGone_likeNginx() throws Exception {
        try (Socket client = connect()) {
            send(client, request(60_000, "x"));
            Held held = HELD.poll(5, TimeUnit.SECONDS);
            client.shutdownOutput();
            assertTrue(held.gone().await(1, TimeUnit.SECONDS), "a half-close was not seen");
        }
    }

    @Test
    void listenerRegisteredAfterTheHangUp_runsAtOnce() throws Exception {
        Socket client = connect();
        send(client, request(60_000, "x"));
        Held held = HELD.poll(5, TimeUnit.SECONDS);
        client.close();
        assertTrue(held.gone().await(1, TimeUnit.SECONDS));
        CountDownLatch late = new CountDownLatch(1);
        held.watch().onGone(late::countDown);
        assertEquals(0, late.getCount());
    }

    @Test
    void pipelinedRequest_notTakenNotMistakenForAHangUp_bothAnsweredInOrder() throws Exception {
        try (Socket client = connect()) {
            // The second request is already in the socket while the first one is watched and held.
            send(client, request(4 * ClientConnectionWatch.TICK_MILLIS, "first") + request(0, "second"));
            InputStream in = client.getInputStream();
            assertEquals("first gone=false", read(in));
            assertEquals("second gone=false", read(in));
            send(client, request(0, "third"));
            assertEquals("third gone=false", read(in));
        }
    }

    @Test
    void keepAlive_manyRequestsStraddlingTheTick_onSeveralConnections_allAnsweredWhole() throws Exception {
        long[] holds = {0, 1, ClientConnectionWatch.TICK_MILLIS - 5, ClientConnectionWatch.TICK_MILLIS,
            ClientConnectionWatch.TICK_MILLIS + 5, 2 * ClientConnectionWatch.TICK_MILLIS + 3};
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                long seed = c;
                done.add(clients.submit(() -> {
                    Random random = new Random(seed);
                    try (Socket client = connect()) {
                        InputStream in = client.getInputStream();
                        for (int i = 0; i < 25; i++) {
                            String echo = "c" + seed + "-" + i;
                            boolean pipelined = random.nextInt(4) == 0;
                            long hold = holds[random.nextInt(holds.length)];
                            send(client, request(hold, echo) + (pipelined ? request(hold, echo + "p") : ""));
                            assertEquals(echo + " gone=false", read(in));
                            if (pipelined) {
                                assertEquals(echo + "p gone=false", read(in));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void watchedAndUnwatched_costPerRequest() throws Exception {
        // Not an assertion of speed: prints what a watched request costs next to a plain one (same connection).
        try (Socket client = connect()) {
            InputStream in = client.getInputStream();
            double watched = 0;
            double plain = 0;
            for (int round = 0; round < 6; round++) {
                double w = loop(client, in, "/hold?ms=0");
                double p = loop(client, in, "/plain");
                if (round >= 2) { // the first rounds warm up
                    watched += w / 4;
                    plain += p / 4;
                }
            }
            System.out.printf("round trip over loopback: watched %.1f us, plain %.1f us%n", watched, plain);
        }
    }

    private static double loop(Socket client, InputStream in, String target) throws IOException {
        int n = 1000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            send(client, "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n\r\nw");
            assertEquals("w gone=false", read(in));
        }
        return (System.nanoTime() - start) / 1e3 / n;
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String request(long holdMillis, String body) {
        return "POST /hold?ms=" + holdMillis + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The body of the next response, by its Content-Length. */
    private static String read(InputStream in) throws IOException {
        String status = line(in);
        assertTrue(status != null && status.startsWith("HTTP/1.1 200"), "status: " + status);
        int length = -1;
        String header;
        while ((header = line(in)) != null && !header.isEmpty()) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        assertFalse(length < 0, "no Content-Length");
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
