package io.llmrouter.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw-socket HTTP/1.1 streaming client: lets a test read a few SSE events and then vanish
 * (close the socket mid-stream), or see a connection cut without the final chunk.
 */
final class RawSse implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final StringBuilder seen = new StringBuilder();

    RawSse(int port, String path, String body) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + payload.length + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(payload);
        out.flush();
        in = socket.getInputStream();
    }

    /** Reads until {@code count} "data:" events were seen; false if the stream ended first. */
    boolean awaitEvents(int count) throws IOException {
        byte[] buffer = new byte[8192];
        while (events() < count) {
            int n = in.read(buffer);
            if (n < 0) {
                return false;
            }
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return true;
    }

    /** Reads until the server closes the connection (bounded by the socket timeout). */
    String readToEnd() throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    int events() {
        int count = 0;
        for (int i = seen.indexOf("data:"); i >= 0; i = seen.indexOf("data:", i + 1)) {
            count++;
        }
        return count;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
