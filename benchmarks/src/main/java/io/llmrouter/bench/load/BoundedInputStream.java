package io.llmrouter.bench.load;

import java.io.IOException;
import java.io.InputStream;

/** A Content-Length body: exactly {@code length} bytes, leaving the connection positioned at the next response. */
final class BoundedInputStream extends InputStream {

    private final InputStream in;
    private long remaining;

    BoundedInputStream(InputStream in, long length) {
        this.in = in;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw new IOException("connection closed with " + remaining + " body bytes missing");
        }
        remaining -= n;
        return n;
    }
}
