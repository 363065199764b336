package io.llmrouter.sim.core;

/**
 * Receives a request's output as the engine produces it. Called on the engine thread while the
 * engine lock is held, so implementations must only hand the event over (e.g. to a queue) and
 * never block.
 */
public interface TokenSink {

    /** Output token number {@code index} (0-based) was sampled. */
    void onToken(SimRequest request, int index, int tokenId, String text);

    /** The request finished (normally, or aborted); no more tokens follow. */
    void onFinish(SimRequest request, FinishReason reason);

    /** A sink for callers that only read the request's counters afterwards. */
    TokenSink NONE = new TokenSink() {
        @Override
        public void onToken(SimRequest request, int index, int tokenId, String text) {
        }

        @Override
        public void onFinish(SimRequest request, FinishReason reason) {
        }
    };
}
