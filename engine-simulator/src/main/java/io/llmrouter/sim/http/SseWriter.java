package io.llmrouter.sim.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes server-sent events. Events are flushed by the caller once per burst of ready tokens, so
 * each event leaves as soon as it is produced. When the stream-cut fault is on, the writer
 * throws {@link StreamCutException} right after the configured number of events.
 */
final class SseWriter {

    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final byte[] prefix;
    private final int cutAfter;
    private int events;

    /**
     * @param prefix   "data: " for the OpenAI routes, "data:" for TGI's native stream
     * @param cutAfter events after which the connection is cut, or negative for never
     */
    SseWriter(OutputStream out, String prefix, int cutAfter) {
        this.out = out;
        this.prefix = prefix.getBytes(StandardCharsets.US_ASCII);
        this.cutAfter = cutAfter;
    }

    void event(String data) throws IOException {
        out.write(prefix);
        out.write(data.getBytes(StandardCharsets.UTF_8));
        out.write(END);
        events++;
        if (cutAfter >= 0 && events >= cutAfter) {
            out.flush();
            throw new StreamCutException();
        }
    }

    void done() throws IOException {
        event("[DONE]");
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Thrown to make the server drop the connection without finishing the chunked body. */
    static final class StreamCutException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StreamCutException() {
            super("stream cut by fault injection", null, false, false);
        }
    }
}
