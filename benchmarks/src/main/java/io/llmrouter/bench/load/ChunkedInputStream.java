package io.llmrouter.bench.load;

import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body; ends (returns -1) after the zero-size chunk and its trailers. */
final class ChunkedInputStream extends InputStream {

    private final InputStream in;
    private long remaining;
    private boolean finished;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (finished) {
            return -1;
        }
        if (remaining == 0 && !nextChunk()) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw new IOException("connection closed inside a chunk");
        }
        remaining -= n;
        if (remaining == 0) {
            readLine(in); // the CRLF after the chunk data
        }
        return n;
    }

    private boolean nextChunk() throws IOException {
        String sizeLine = readLine(in);
        if (sizeLine == null) {
            throw new IOException("connection closed before the last chunk");
        }
        int semicolon = sizeLine.indexOf(';');
        remaining = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
        if (remaining == 0) {
            for (String trailer = readLine(in); trailer != null && !trailer.isEmpty(); trailer = readLine(in)) {
                // trailers carry nothing this client needs
            }
            finished = true;
            return false;
        }
        return true;
    }

    /** One CRLF- (or LF-) terminated ASCII line without its terminator; null at end of stream. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }
}
