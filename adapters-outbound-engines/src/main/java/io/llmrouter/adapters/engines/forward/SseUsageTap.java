package io.llmrouter.adapters.engines.forward;

import io.llmrouter.domain.inference.TokenUsage;
import io.llmrouter.domain.port.ResponseSink;
import java.util.Arrays;

/**
 * Relays an SSE stream while reading token usage from its {@code data:} lines (the final chunk of
 * an OpenAI stream with {@code include_usage}), and, when the router asked for usage on the
 * client's behalf, keeps that usage-only chunk ({@code "choices":[]}) and its blank line from the
 * client, which never asked for it.
 *
 * <p>Without hiding, every read is written as it arrives and only inspected. With hiding, complete
 * lines are written as they arrive and a line split across reads is held until its end (a client
 * cannot use half an event anyway); a line longer than {@link #MAX_LINE} is passed through unread,
 * since a usage chunk is a few hundred bytes. One instance per response, one thread.
 */
final class SseUsageTap {

    static final int MAX_LINE = 64 * 1024;

    private final boolean hideUsageChunk;
    private byte[] carry = new byte[256];
    private int carryLength;
    /** The current line outgrew {@link #MAX_LINE}: passed through without being read. */
    private boolean oversized;
    private boolean dropNextBlank;
    private TokenUsage usage = TokenUsage.UNKNOWN;

    SseUsageTap(boolean hideUsageChunk) {
        this.hideUsageChunk = hideUsageChunk;
    }

    TokenUsage usage() {
        return usage;
    }

    /** Relays {@code buf[0, n)}: writes what the client gets, reads usage from complete lines. */
    void relay(byte[] buf, int n, ResponseSink sink) {
        if (!hideUsageChunk) {
            sink.write(buf, 0, n);
        }
        int lineStart = 0;
        int unwritten = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            if (carryLength > 0 || oversized) {
                unwritten = finishCarriedLine(buf, i + 1, sink);
            } else if (!keep(buf, lineStart, i + 1) && hideUsageChunk) {
                sink.write(buf, unwritten, lineStart - unwritten);
                unwritten = i + 1;
            }
            lineStart = i + 1;
        }
        if (hideUsageChunk && lineStart > unwritten) {
            sink.write(buf, unwritten, lineStart - unwritten);
        }
        holdTail(buf, lineStart, n, sink);
    }

    /** The stream ended: a last line without a newline is still the client's. */
    void end(ResponseSink sink) {
        if (hideUsageChunk && carryLength > 0 && keep(carry, 0, carryLength)) {
            sink.write(carry, 0, carryLength);
        }
        carryLength = 0;
    }

    /** The line that began in an earlier read ends at {@code end} of this one; returns the first unwritten byte. */
    private int finishCarriedLine(byte[] buf, int end, ResponseSink sink) {
        if (oversized) {
            oversized = false;
            if (hideUsageChunk) {
                sink.write(buf, 0, end);
            }
            return end;
        }
        append(buf, 0, end);
        if (keep(carry, 0, carryLength) && hideUsageChunk) {
            sink.write(carry, 0, carryLength);
        }
        carryLength = 0;
        return end;
    }

    private void holdTail(byte[] buf, int from, int n, ResponseSink sink) {
        int length = n - from;
        if (length == 0) {
            return;
        }
        if (oversized || carryLength + length > MAX_LINE) {
            if (hideUsageChunk) {
                sink.write(carry, 0, carryLength);
                sink.write(buf, from, length);
            }
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

    /** Reads one complete line (newline included); false for the usage-only chunk and its blank line. */
    private boolean keep(byte[] b, int from, int to) {
        int end = to;
        while (end > from && (b[end - 1] == '\n' || b[end - 1] == '\r')) {
            end--;
        }
        if (end == from) {
            boolean drop = dropNextBlank;
            dropNextBlank = false;
            return !drop;
        }
        dropNextBlank = false;
        if (end - from < 6 || b[from] != 'd' || !startsWith(b, from, "data:")) {
            return true;
        }
        int json = from + 5;
        while (json < end && b[json] == ' ') {
            json++;
        }
        int usageAt = json < end && b[json] == '{' ? UsageJson.lastUsageObject(b, json, end) : -1;
        if (usageAt < 0) {
            return true;
        }
        TokenUsage found = UsageJson.parseObject(b, usageAt, end);
        if (found.known()) {
            usage = found;
        }
        if (hideUsageChunk && UsageJson.hasEmptyChoices(b, json, end)) {
            dropNextBlank = true;
            return false;
        }
        return true;
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
