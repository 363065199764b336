package io.llmrouter.sim.http;

import java.io.IOException;

/** How one API writes a request's tokens as server-sent events. */
interface StreamFormat {

    /** Writes one output token; {@code last} is true for the token that reaches max_tokens. */
    void token(SseWriter sse, TokenEvent.Token token, boolean last) throws IOException;

    /** Writes what follows the last token (usage chunk, [DONE], ...). */
    void finish(SseWriter sse, TokenEvent.Finish finish) throws IOException;
}
