package io.llmrouter.application.observe;

/**
 * Where one request's time went, in nanoseconds, Kthena's breakdown: {@code processing} (read and
 * parse the body, route, schedule: until the first attempt starts), {@code upstream} (from the first
 * attempt until the response started, retries included), {@code response} (relaying the answer);
 * plus {@code parse} (body read and parse alone) and, for answers with a body, {@code firstByte}
 * (first attempt start to first body byte: the time to first token of a stream). Missing phases are 0.
 * {@code queue} is the part of {@code processing} spent waiting in the fairness queue; -1 when the
 * request did not enter one (fairness off, or refused before it).
 */
public record RequestTimings(long totalNanos, long processingNanos, long upstreamNanos, long responseNanos,
                             long parseNanos, long firstByteNanos, long queueNanos) {

    public static final RequestTimings NONE = new RequestTimings(0, 0, 0, 0, 0, 0, -1);

    public RequestTimings(long totalNanos, long processingNanos, long upstreamNanos, long responseNanos,
                          long parseNanos, long firstByteNanos) {
        this(totalNanos, processingNanos, upstreamNanos, responseNanos, parseNanos, firstByteNanos, -1);
    }

    /** Did the request wait in a fairness queue (however briefly)? */
    public boolean queued() {
        return queueNanos >= 0;
    }

    /** The same timings with the fairness queue's wait ({@code -1}: none). */
    public RequestTimings withQueue(long nanos) {
        return new RequestTimings(totalNanos, processingNanos, upstreamNanos, responseNanos, parseNanos, firstByteNanos,
                nanos);
    }

    /**
     * From the instants of one request on one nanosecond clock; 0 means "did not happen".
     *
     * @param arrived      the request reached the router
     * @param parsed       its body was read and parsed
     * @param forwardStart the first attempt to an engine started
     * @param responseStart status and headers were committed to the client
     * @param firstByte    the first body byte was written
     * @param end          the response ended
     */
    public static RequestTimings of(long arrived, long parsed, long forwardStart, long responseStart, long firstByte,
                                    long end) {
        long upstreamEnd = responseStart != 0 ? responseStart : end;
        return new RequestTimings(
                end - arrived,
                (forwardStart != 0 ? forwardStart : end) - arrived,
                forwardStart != 0 ? Math.max(0, upstreamEnd - forwardStart) : 0,
                responseStart != 0 ? end - responseStart : 0,
                parsed != 0 ? parsed - arrived : 0,
                forwardStart != 0 && firstByte != 0 ? Math.max(0, firstByte - forwardStart) : 0);
    }

    public static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
