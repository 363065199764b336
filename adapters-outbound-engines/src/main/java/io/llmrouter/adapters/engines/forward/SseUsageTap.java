package io.llmrouter.adapters.engines.forward;

import io.llmrouter.domain.inference.TokenUsage;
import io.llmrouter.domain.port.ResponseSink;
import java.util.Arrays;

/**
 * Relays an SSE stream event by event while reading token usage from its {@code data:} lines (the
 * final chunk of an OpenAI stream with {@code include_usage}), and, when told to, keeps that
 * usage-only chunk ({@code "choices":[]}) from the client, which never asked for it.
 *
 * <p>Only complete events (up to and including the blank line that ends them) are written; an
 * event split across reads is held until its end. So the client's SSE parser only ever sees whole
 * events, and if the engine's stream breaks, the bytes of a half-received event are withheld and
 * the router's error event starts on an event boundary instead of being glued onto a half-sent
 * {@code data:} line (a client would parse that as one broken JSON document). Engines write an
 * event per flush, so holding costs nothing in latency. An event longer than {@link #MAX_EVENT}
 * is passed through as it arrives, unread (a usage chunk is a few hundred bytes); only such an
 * event can be cut mid-way, see {@link #midEvent()}. One instance per response, one thread.
 */
final class SseUsageTap {

    static final int MAX_EVENT = 64 * 1024;

    private final boolean hideUsageChunk;
    /** The start of the current event when it began in an earlier read. */
    private byte[] carry = new byte[256];
    private int carryLength;
    /** The current event outgrew {@link #MAX_EVENT}: passed through as it comes, without being read. */
    private boolean oversized;
    /** The current line has a byte other than CR (a line with none is blank and ends an event). */
    private boolean lineHasContent;
    private boolean sawDone;
    private TokenUsage usage = TokenUsage.UNKNOWN;

    SseUsageTap(boolean hideUsageChunk) {
        this.hideUsageChunk = hideUsageChunk;
    }

    TokenUsage usage() {
        return usage;
    }

    /** Whether the client already got {@code data: [DONE]}: the answer is whole, whatever happens after. */
    boolean sawDone() {
        return sawDone;
    }

    /** Whether the client got part of an event and not its end (possible only for an oversized event). */
    boolean midEvent() {
        return oversized;
    }

    /** Relays {@code buf[0, n)}: writes the events it completes (at most one write per read, plus a held one). */
    void relay(byte[] buf, int n, ResponseSink sink) {
        int eventStart = 0;
        int unwritten = 0;
        for (int i = 0; i < n; i++) {
            byte b = buf[i];
            if (b != '\n') {
                lineHasContent |= b != '\r';
                continue;
            }
            boolean blank = !lineHasContent;
            lineHasContent = false;
            if (!blank) {
                continue;
            }
            int end = i + 1;
            if (oversized) {
                oversized = false;
            } else if (carryLength > 0) {
                // The event began in an earlier read; it is the first one completed in this read.
                append(buf, 0, end);
                if (keep(carry, 0, carryLength)) {
                    sink.write(carry, 0, carryLength);
                }
                carryLength = 0;
                unwritten = end;
            } else if (!keep(buf, eventStart, end)) {
                sink.write(buf, unwritten, eventStart - unwritten);
                unwritten = end;
            }
            eventStart = end;
        }
        int writeTo = oversized ? n : eventStart;
        if (writeTo > unwritten) {
            sink.write(buf, unwritten, writeTo - unwritten);
        }
        if (!oversized) {
            hold(buf, eventStart, n, sink);
        }
    }

    /** The stream ended cleanly: a last event without its blank line is still the client's. */
    void end(ResponseSink sink) {
        if (carryLength > 0 && keep(carry, 0, carryLength)) {
            sink.write(carry, 0, carryLength);
        }
        carryLength = 0;
    }

    private void hold(byte[] buf, int from, int n, ResponseSink sink) {
        int length = n - from;
        if (length == 0) {
            return;
        }
        if (carryLength + length > MAX_EVENT) {
            sink.write(carry, 0, carryLength);
            sink.write(buf, from, length);
            carryLength = 0;
            oversized = true;
            return;
        }
        append(buf, from, n);
    }

    private void append(byte[] buf, int from, int to) {
        int length = to - from;
        if (carryLength + length > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carryLength + length));
        }
        System.arraycopy(buf, from, carry, carryLength, length);
        carryLength += length;
    }

    /** Reads one complete event's lines; false for the usage-only chunk when it is to be hidden. */
    private boolean keep(byte[] b, int from, int to) {
        boolean keep = true;
        int lineStart = from;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                keep &= keepLine(b, lineStart, i);
                lineStart = i + 1;
            }
        }
        if (lineStart < to) {
            keep &= keepLine(b, lineStart, to);
        }
        return keep;
    }

    private boolean keepLine(byte[] b, int from, int to) {
        int end = to;
        while (end > from && b[end - 1] == '\r') {
            end--;
        }
        if (end - from < 5 || !startsWith(b, from, "data:")) {
            return true;
        }
        int json = from + 5;
        while (json < end && b[json] == ' ') {
            json++;
        }
        if (end - json == 6 && startsWith(b, json, "[DONE]")) {
            sawDone = true;
            return true;
        }
        int usageAt = json < end && b[json] == '{' ? UsageJson.lastUsageObject(b, json, end) : -1;
        if (usageAt < 0) {
            return true;
        }
        TokenUsage found = UsageJson.parseObject(b, usageAt, end);
        if (found.known()) {
            usage = found;
        }
        return !(hideUsageChunk && UsageJson.hasEmptyChoices(b, json, end));
    }

    private static boolean startsWith(byte[] b, int from, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (b[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
