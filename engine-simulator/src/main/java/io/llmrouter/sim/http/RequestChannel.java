package io.llmrouter.sim.http;

import io.llmrouter.sim.core.FinishReason;
import io.llmrouter.sim.core.SimRequest;
import io.llmrouter.sim.core.TokenSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Hands one request's tokens from the engine thread to the HTTP handler's virtual thread.
 * Thread-safety: an unbounded LinkedBlockingQueue, so the engine side never blocks (its size is
 * bounded by max_tokens anyway).
 */
final class RequestChannel implements TokenSink {

    private final LinkedBlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
    private int[] blockIds = new int[0];

    @Override
    public void onToken(SimRequest request, int index, int tokenId, String text) {
        if (index == 0) {
            blockIds = request.blockIds(); // captured while the prompt's blocks are still held
        }
        events.add(new TokenEvent.Token(index, tokenId, text, request.cachedTokens()));
    }

    @Override
    public void onFinish(SimRequest request, FinishReason reason) {
        events.add(new TokenEvent.Finish(reason, request.promptTokens(), request.cachedTokens(),
            request.outputTokens(), blockIds));
    }

    /** Blocks for the next event, then drains whatever else is ready, so a burst is written in one flush. */
    List<TokenEvent> takeReady() throws InterruptedException {
        List<TokenEvent> ready = new ArrayList<>(4);
        ready.add(events.take());
        events.drainTo(ready);
        return ready;
    }
}
