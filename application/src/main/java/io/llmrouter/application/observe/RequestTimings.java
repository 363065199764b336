package io.llmrouter.application.observe;

/**
 * Where one request's time went, in nanoseconds, Kthena's breakdown: {@code processing} (read and
 * parse the body, route, schedule: until the first attempt starts), {@code upstream} (from the first
 * attempt until the response started, retries included), {@code response} (relaying the answer);
 * plus {@code parse} (body read and parse alone) and, for answers with a body, {@code firstByte}
 * (first attempt start to first body byte: the time to first token of a stream). Missing phases are 0.
 */
public record RequestTimings(long totalNanos, long processingNanos, long upstreamNanos, long responseNanos,
                             long parseNanos, long firstByteNanos) {

    public static final RequestTimings NONE = new RequestTimings(0, 0, 0, 0, 0, 0);

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
