package io.llmrouter.bench.load;

/**
 * What one request measured. Times are nanoseconds of wall time; ITLs are the gaps between
 * consecutive content chunks of a stream (a chunk may carry several tokens on a real engine).
 *
 * @param success      2xx status and, for streams, the {@code [DONE]} event
 * @param error        why it failed, or empty
 * @param ttftNanos    send to first content chunk (streams) or to the full answer (non-streaming)
 * @param e2eNanos     send to the end of the answer
 * @param itlNanos     gaps between content chunks
 * @param promptTokens from the response {@code usage}, else the workload's count
 * @param outputTokens from the response {@code usage}, else the number of content chunks
 * @param cachedTokens {@code usage.prompt_tokens_details.cached_tokens}, 0 when absent
 */
public record RequestOutcome(boolean success, String error, long ttftNanos, long e2eNanos, long[] itlNanos,
                             int promptTokens, int outputTokens, int cachedTokens) {

    static RequestOutcome failed(String error, long e2eNanos) {
        return new RequestOutcome(false, error, 0, e2eNanos, new long[0], 0, 0, 0);
    }

    /** bench_serving's per-request TPOT: (latency − ttft) / (output_len − 1); only defined for 2+ tokens. */
    public double tpotNanos() {
        return outputTokens > 1 ? (double) (e2eNanos - ttftNanos) / (outputTokens - 1) : Double.NaN;
    }
}
