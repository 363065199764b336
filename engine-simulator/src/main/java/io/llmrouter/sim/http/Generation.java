package io.llmrouter.sim.http;

import io.llmrouter.sim.core.FinishReason;
import io.llmrouter.sim.core.GenerationRequest;
import io.llmrouter.sim.core.SimRequest;
import java.io.IOException;
import java.util.List;

/**
 * One request running in the engine, seen from its HTTP handler: submit it, then either collect
 * the whole answer or stream it. Every way out that does not finish the request (client gone,
 * stream cut, interrupt) aborts it in the engine, which frees its KV blocks.
 */
final class Generation {

    private final ServingContext context;
    private final RequestChannel channel = new RequestChannel();
    private final SimRequest request;
    private final int maxTokens;

    private Generation(ServingContext context, ParsedRequest parsed, String id, boolean kvTransferred) {
        this.context = context;
        this.maxTokens = parsed.maxTokens();
        try {
            this.request = context.engine().submit(new GenerationRequest(id, parsed.prompt(), parsed.maxTokens(),
                parsed.limitReason(), parsed.adapter(), parsed.textSeed(), kvTransferred, channel));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(503, e.getMessage());
        }
    }

    static Generation submit(ServingContext context, ParsedRequest parsed, String id, boolean kvTransferred) {
        return new Generation(context, parsed, id, kvTransferred);
    }

    /** Waits for the whole answer; appends the text to {@code text}. */
    TokenEvent.Finish collect(StringBuilder text) {
        try {
            while (true) {
                for (TokenEvent event : channel.takeReady()) {
                    if (event instanceof TokenEvent.Token token) {
                        text.append(token.text());
                    } else {
                        return (TokenEvent.Finish) event;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.abort(request);
            throw new ApiException(503, "interrupted");
        }
    }

    /**
     * Streams the answer. Any way out before the last event (the client went away and a write
     * failed, the stream-cut fault, an interrupt) aborts the request in the engine; the write
     * failure itself propagates so the server drops the connection.
     */
    void stream(SseWriter sse, StreamFormat format) throws IOException {
        boolean finished = false;
        try {
            while (!writeReady(sse, format)) {
                sse.flush();
            }
            finished = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!finished) {
                context.abort(request);
            }
        }
    }

    /** Writes the events ready now; true once the request finished (its trailer flushed). */
    private boolean writeReady(SseWriter sse, StreamFormat format) throws IOException, InterruptedException {
        List<TokenEvent> ready = channel.takeReady();
        for (TokenEvent event : ready) {
            if (event instanceof TokenEvent.Token token) {
                format.token(sse, token, token.index() == maxTokens - 1);
            } else if (event instanceof TokenEvent.Finish finish) {
                if (finish.reason() != FinishReason.ABORT) {
                    format.finish(sse, finish);
                    sse.flush();
                }
                return true;
            }
        }
        return false;
    }
}
