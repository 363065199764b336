package io.llmrouter.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An engine stand-in on a raw loopback socket that records each request exactly as it arrived
 * (request line with the undecoded target, every header line in order including repeats, body
 * bytes), and answers with whatever the test's responder returns. It speaks just enough HTTP/1.1:
 * Content-Length and chunked request bodies, keep-alive unless a side says close.
 *
 * <p>The simulator decodes and routes like a real engine, which hides what the router actually
 * sent; this one hides nothing.
 */
final class RecordingEngine implements AutoCloseable {

    /** One request as received. {@code target} is the raw request-target (path and query, undecoded). */
    record Received(String method, String target, List<String[]> headers, byte[] body) {

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Every value of a header, in arrival order (name ignores case). */
        List<String> headerValues(String name) {
            List<String> values = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    values.add(h[1]);
                }
            }
            return values;
        }

        String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }
    }

    /** What the stand-in writes back: raw header lines and body chunks written one by one. */
    record Reply(int status, List<String[]> headers, List<byte[]> chunks, boolean closeAfter) {

        static Reply json(int status, String body) {
            return of(status, "application/json", body);
        }

        static Reply of(int status, String contentType, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            List<String[]> headers = new ArrayList<>();
            headers.add(new String[] {"Content-Type", contentType});
            headers.add(new String[] {"Content-Length", String.valueOf(bytes.length)});
            return new Reply(status, headers, List.of(bytes), false);
        }

        /** The same reply with one more header line (repeats allowed). */
        Reply with(String name, String value) {
            List<String[]> more = new ArrayList<>(headers);
            more.add(new String[] {name, value});
            return new Reply(status, more, chunks, closeAfter);
        }

        Reply closing() {
            return new Reply(status, headers, chunks, true);
        }
    }

    /** An OpenAI-shaped completion, enough for the router to relay and count usage. */
    static final String COMPLETION = "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"text\":\"hi\",\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile Function<Received, Reply> responder = r -> Reply.json(200, COMPLETION);

    RecordingEngine() {
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

    RecordingEngine respond(Function<Received, Reply> responder) {
        this.responder = Objects.requireNonNull(responder);
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests other than the router's metrics scrapes. */
    List<Received> inference() {
        return received.stream().filter(r -> !r.path().equals("/metrics")).toList();
    }

    void clear() {
        received.clear();
    }

    /** Closes every connection the router holds open to this engine (idle pooled ones included). */
    void dropConnections() {
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                open.add(socket);
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
                String requestLine = line(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                String[] parts = requestLine.split(" ", 3);
                List<String[]> headers = new ArrayList<>();
                String header;
                while ((header = line(in)) != null && !header.isEmpty()) {
                    int colon = header.indexOf(':');
                    headers.add(new String[] {header.substring(0, colon).trim(), header.substring(colon + 1).trim()});
                }
                Received request = new Received(parts[0], parts.length > 1 ? parts[1] : "", List.copyOf(headers),
                        body(in, headers));
                if (!request.path().equals("/metrics")) {
                    received.add(request);
                }
                Reply reply = request.path().equals("/metrics")
                        ? Reply.of(200, "text/plain; version=0.0.4", "")
                        : responder.apply(request);
                write(out, reply);
                boolean clientCloses = request.headerValues("Connection").stream()
                        .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("close"));
                if (reply.closeAfter() || clientCloses) {
                    return;
                }
            }
        } catch (SocketException e) {
            // the router hung up; expected when it cancels or closes a pooled connection
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            open.remove(socket);
        }
    }

    private static void write(OutputStream out, Reply reply) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(reply.status()).append(' ')
                .append(reply.status() < 400 ? "OK" : "Error").append("\r\n");
        for (String[] h : reply.headers()) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (reply.closeAfter()) {
            head.append("Connection: close\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        for (byte[] chunk : reply.chunks()) {
            out.write(chunk);
            out.flush();
        }
    }

    private static byte[] body(InputStream in, List<String[]> headers) throws IOException {
        String length = null;
        boolean chunked = false;
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase("Content-Length")) {
                length = h[1];
            } else if (h[0].equalsIgnoreCase("Transfer-Encoding") && h[1].toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                if (size == null) {
                    throw new IOException("chunked body ended early");
                }
                int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                if (n == 0) {
                    String trailer;
                    while ((trailer = line(in)) != null && !trailer.isEmpty()) {
                        // trailers are not recorded
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        }
        return length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
    }

    /** One CRLF-terminated line in ISO-8859-1, or null at end of stream. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Sends one request with {@code target} written into the request line exactly as given (no client
     * library would send most traversal spellings) and returns the raw response, status line first.
     */
    static String rawRequest(int port, String method, String target, String body) {
        return rawRequest(port, method, target, body, new String[0]);
    }

    /** With extra header lines ({@code "Name: value"}) after the usual ones. */
    static String rawRequest(int port, String method, String target, String body, String... extraHeaders) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n"
                    + String.join("", java.util.Arrays.stream(extraHeaders).map(h -> h + "\r\n").toList()) + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            // Read by framing, not to EOF: Helidon 4.5.0 keeps the connection open despite "Connection: close".
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            List<String[]> headers = new ArrayList<>();
            String status = line(in);
            head.append(status).append("\r\n");
            String header;
            while ((header = line(in)) != null && !header.isEmpty()) {
                head.append(header).append("\r\n");
                int colon = header.indexOf(':');
                headers.add(new String[] {header.substring(0, colon).trim(), header.substring(colon + 1).trim()});
            }
            return head.append("\r\n").append(new String(body(in, headers), StandardCharsets.UTF_8)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status code of a raw response. */
    static int status(String rawResponse) {
        return Integer.parseInt(rawResponse.substring(9, 12));
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        dropConnections();
        threads.shutdownNow();
    }
}
