package io.llmrouter.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket, used by one request at a time. Blocking
 * I/O on virtual threads costs a few kilobytes per connection, so 512 clients on two cores stay
 * cheap; the JDK HttpClient's selector thread and body publishers would cost more per event.
 * Only what OpenAI-compatible servers answer is understood: Content-Length, chunked, or read-to-close.
 */
final class HttpConnection implements AutoCloseable {

    private static final int READ_TIMEOUT_MS = 600_000;

    private final Socket socket;
    private final BufferedInputStream in;
    private final OutputStream out;
    private final String hostHeader;
    private boolean reusable = true;

    private HttpConnection(Socket socket, String hostHeader) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16_384);
        this.out = socket.getOutputStream();
        this.hostHeader = hostHeader;
    }

    static HttpConnection open(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        return new HttpConnection(socket, host + ":" + port);
    }

    /** The status line and headers; the body is read through {@link #body()}. */
    record Head(int status, long contentLength, boolean chunked, boolean closeAfter) {
    }

    Head post(String path, byte[] body) throws IOException {
        return post(path, body, "");
    }

    /** {@code extraHeaders}: whole header lines, each ending in CRLF. */
    Head post(String path, byte[] body, String extraHeaders) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nContent-Type: application/json\r\nAccept: */*\r\n" + extraHeaders + "Content-Length: "
                + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return readHead();
    }

    private Head readHead() throws IOException {
        String statusLine = readLine();
        if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("no HTTP status line, got: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        boolean close = statusLine.startsWith("HTTP/1.0");
        long length = -1;
        boolean chunked = false;
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> close = close || value.contains("close");
                default -> { }
            }
        }
        reusable = !close && (chunked || length >= 0);
        return new Head(status, length, chunked, close);
    }

    /** The body of the response just read, decoded from its framing; read it to the end before reuse. */
    InputStream body(Head head) {
        if (head.chunked()) {
            return new ChunkedInputStream(in);
        }
        if (head.contentLength() >= 0) {
            return new BoundedInputStream(in, head.contentLength());
        }
        return in;
    }

    boolean reusable() {
        return reusable && !socket.isClosed();
    }

    String readLine() throws IOException {
        return ChunkedInputStream.readLine(in);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a loopback socket twice or after a reset has nothing left to report
        }
    }
}
