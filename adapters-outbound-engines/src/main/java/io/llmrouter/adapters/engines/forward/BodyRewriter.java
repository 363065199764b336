package io.llmrouter.adapters.engines.forward;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.llmrouter.domain.inference.RequestBody;
import java.util.Optional;

/**
 * Writes the router's decisions into the request body by splicing bytes, never by re-serialising:
 * the prompt around the {@code model} value is copied as the client sent it.
 */
final class BodyRewriter {

    private BodyRewriter() {
    }

    static byte[] withModel(RequestBody body, Optional<String> model) {
        if (model.isEmpty()) {
            return body.bytes();
        }
        byte[] quoted = quote(model.get());
        byte[] src = body.bytes();
        int head = body.modelValueStart();
        int tail = src.length - body.modelValueEnd();
        byte[] out = new byte[head + quoted.length + tail];
        System.arraycopy(src, 0, out, 0, head);
        System.arraycopy(quoted, 0, out, head, quoted.length);
        System.arraycopy(src, body.modelValueEnd(), out, head + quoted.length, tail);
        return out;
    }

    private static byte[] quote(String value) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(value);
        byte[] quoted = new byte[escaped.length + 2];
        quoted[0] = '"';
        System.arraycopy(escaped, 0, quoted, 1, escaped.length);
        quoted[quoted.length - 1] = '"';
        return quoted;
    }
}
