package io.llmrouter.sim;

/**
 * Request counters of one simulated engine since it started.
 *
 * @param requestsReceived  inference requests that reached an inference endpoint (faulted ones included)
 * @param requestsCompleted requests that finished generating (stop or length)
 * @param requestsAborted   requests removed before finishing because the client went away (or
 *                          the stream-cut fault cut them); their KV blocks were freed
 * @param requestsFailed    requests answered with an error (injected fault, bad request, unknown model)
 * @param activeRequests    requests inside the engine now (waiting or running)
 */
public record EngineStats(long requestsReceived, long requestsCompleted, long requestsAborted, long requestsFailed,
                          long activeRequests) {
}
