package io.llmrouter.bench.faults;

/**
 * How one request of the fault matrix ended, seen from the client.
 * {@code LOST}: a non-streaming request that failed although healthy replicas were there and
 * nothing had reached the client (the router should have tried another pod). {@code TRUNCATED}: a
 * stream that ended without {@code [DONE]} and without an error event, so the client cannot tell
 * it from a finished answer. {@code FAILED_VISIBLY}: a stream that had started and then ended with
 * the router's error event and {@code [DONE]} (it cannot be retried once bytes were sent).
 */
enum Outcome {
    OK, LOST, FAILED_VISIBLY, TRUNCATED
}
