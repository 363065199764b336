package io.llmrouter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 streaming client over a raw socket, cheap enough to run thousands at once
 * on virtual threads: it sends one POST and counts SSE events (blank-line terminated) until it
 * sees {@code [DONE]} or the server closes the connection. Chunked-encoding framing never
 * contains a blank line, so it needs no decoding.
 */
final class SseStreamClient {

    /** What one stream saw. */
    record Outcome(int events, boolean done, long firstEventNanos, long lastEventNanos) {
    }

    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private SseStreamClient() {
    }

    /** Counts streams that have seen their first event and not yet ended; tracks the peak. */
    static final class Concurrency {
        private final java.util.concurrent.atomic.AtomicInteger streaming = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();

        void started() {
            peak.accumulateAndGet(streaming.incrementAndGet(), Math::max);
        }

        void ended() {
            streaming.decrementAndGet();
        }

        private final java.util.concurrent.atomic.LongAdder events = new java.util.concurrent.atomic.LongAdder();

        int peak() {
            return peak.get();
        }

        int streaming() {
            return streaming.get();
        }

        long events() {
            return events.sum();
        }
    }

    static Outcome stream(int port, String path, String body, Concurrency concurrency) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(120_000);
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + payload.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            return read(socket.getInputStream(), concurrency);
        }
    }

    /** Scans the bytes; the stream counts as concurrent from its first event to its end. */
    private static Outcome read(InputStream in, Concurrency concurrency) throws IOException {
        byte[] buffer = new byte[16_384];
        int events = 0;
        int doneMatched = 0;
        byte previous = 0;
        long first = 0;
        long last = 0;
        int n;
        try {
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n' && previous == '\n') {
                        events++;
                        concurrency.events.increment();
                        last = System.nanoTime();
                        if (first == 0) {
                            first = last;
                            concurrency.started();
                        }
                    }
                    doneMatched = b == DONE[doneMatched] ? doneMatched + 1 : (b == DONE[0] ? 1 : 0);
                    if (doneMatched == DONE.length) {
                        return new Outcome(events + 1, true, first, System.nanoTime()); // [DONE] ends its own event
                    }
                    previous = b;
                }
            }
            return new Outcome(events, false, first, last);
        } finally {
            if (first != 0) {
                concurrency.ended();
            }
        }
    }
}
