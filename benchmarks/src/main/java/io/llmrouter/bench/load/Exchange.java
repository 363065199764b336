package io.llmrouter.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Sends one request on a connection and measures it: for a stream, TTFT at the first event that
 * carries text, one ITL per later text event, usage from the final {@code include_usage} chunk, and
 * success only with {@code [DONE]}; for a plain answer, TTFT = E2E and usage from the body.
 */
final class Exchange {

    private static final int MAX_ERROR_CHARS = 300;

    private Exchange() {
    }

    static RequestOutcome send(HttpConnection connection, Target target, String path, byte[] body,
                               int expectedPromptTokens) throws IOException {
        long start = System.nanoTime();
        HttpConnection.Head head = connection.post(path, body, target.extraHeaders());
        InputStream in = new BufferedInputStream(connection.body(head), 8192);
        if (head.status() / 100 != 2) {
            String text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            return RequestOutcome.failed("HTTP " + head.status() + ": " + abbreviate(text), System.nanoTime() - start);
        }
        return target.stream() ? stream(in, start, expectedPromptTokens) : whole(in, start, expectedPromptTokens);
    }

    private static RequestOutcome whole(InputStream in, long start, int expectedPromptTokens) throws IOException {
        String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        long end = System.nanoTime() - start;
        Usage usage = Usage.of(json);
        int prompt = usage.prompt() >= 0 ? usage.prompt() : expectedPromptTokens;
        return new RequestOutcome(true, "", end, end, new long[0], prompt, Math.max(usage.completion(), 0),
                Math.max(usage.cached(), 0));
    }

    private static RequestOutcome stream(InputStream in, long start, int expectedPromptTokens) throws IOException {
        LongList itls = new LongList();
        long first = 0;
        long last = 0;
        int chunks = 0;
        Usage usage = Usage.NONE;
        boolean done = false;
        for (String line = ChunkedInputStream.readLine(in); line != null; line = ChunkedInputStream.readLine(in)) {
            if (!line.startsWith("data:")) {
                continue; // blank separators, comments, event names
            }
            String data = line.substring(5).trim();
            if (data.equals("[DONE]")) {
                done = true;
                break;
            }
            long now = System.nanoTime();
            if (JsonScan.hasContent(data)) {
                if (first == 0) {
                    first = now;
                } else {
                    itls.add(now - last);
                }
                last = now;
                chunks++;
            }
            Usage seen = Usage.of(data);
            usage = seen.prompt() >= 0 ? seen : usage;
        }
        drain(in);
        long end = System.nanoTime() - start;
        if (!done || first == 0) {
            return RequestOutcome.failed(done ? "stream without content" : "stream ended without [DONE]", end);
        }
        int prompt = usage.prompt() >= 0 ? usage.prompt() : expectedPromptTokens;
        int output = usage.completion() >= 0 ? usage.completion() : chunks;
        return new RequestOutcome(true, "", first - start, end, itls.toArray(), prompt, output, Math.max(usage.cached(), 0));
    }

    /** Reads what follows {@code [DONE]} (the last chunk's framing) so the connection can be reused. */
    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[1024];
        while (in.read(sink) >= 0) {
            // nothing to keep
        }
    }

    private static String abbreviate(String text) {
        String flat = text.replace('\n', ' ');
        return flat.length() <= MAX_ERROR_CHARS ? flat : flat.substring(0, MAX_ERROR_CHARS) + "…";
    }

    /** Token counts of an OpenAI {@code usage} object; -1 where absent. */
    record Usage(int prompt, int completion, int cached) {
        static final Usage NONE = new Usage(-1, -1, -1);

        static Usage of(String json) {
            int at = JsonScan.usageStart(json);
            if (at < 0) {
                return NONE;
            }
            return new Usage(JsonScan.intField(json, "prompt_tokens", at), JsonScan.intField(json, "completion_tokens", at),
                    JsonScan.intField(json, "cached_tokens", at));
        }
    }

    /** A growable long array: one per stream, so ITLs are kept without boxing. */
    static final class LongList {
        private long[] values = new long[64];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
