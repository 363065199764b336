package io.llmrouter.adapters.engines.forward;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.llmrouter.domain.inference.ByteSplice;
import io.llmrouter.domain.inference.RequestBody;
import java.util.Optional;

/**
 * Writes the router's decisions into the request body by splicing bytes, never by re-serialising:
 * the prompt around the {@code model} value (and around {@code stream_options}) is copied as the
 * client sent it. At most two splices, so the body is copied at most once.
 */
final class BodyRewriter {

    private BodyRewriter() {
    }

    static byte[] withModel(RequestBody body, Optional<String> model) {
        return rewrite(body, model, false);
    }

    /**
     * The body to send: {@code model} overridden if given, and {@code stream_options.include_usage}
     * turned on when {@code askUsage} and the client did not turn it on itself.
     */
    static byte[] rewrite(RequestBody body, Optional<String> model, boolean askUsage) {
        ByteSplice modelSplice = model.map(m -> new ByteSplice(body.modelValueStart(), body.modelValueEnd(), quote(m)))
                .orElse(null);
        ByteSplice usageSplice = askUsage ? body.includeUsage().orElse(null) : null;
        if (modelSplice == null && usageSplice == null) {
            return body.bytes();
        }
        if (modelSplice == null || usageSplice == null) {
            return apply(body.bytes(), modelSplice == null ? usageSplice : modelSplice, null);
        }
        return modelSplice.start() < usageSplice.start() ? apply(body.bytes(), modelSplice, usageSplice)
                : apply(body.bytes(), usageSplice, modelSplice);
    }

    /** Applies {@code first} and then (optionally) {@code second}, which must lie after it. */
    private static byte[] apply(byte[] src, ByteSplice first, ByteSplice second) {
        int extra = delta(first) + (second == null ? 0 : delta(second));
        byte[] out = new byte[src.length + extra];
        int from = 0;
        int to = 0;
        for (ByteSplice s : second == null ? new ByteSplice[] {first} : new ByteSplice[] {first, second}) {
            System.arraycopy(src, from, out, to, s.start() - from);
            to += s.start() - from;
            System.arraycopy(s.replacement(), 0, out, to, s.replacement().length);
            to += s.replacement().length;
            from = s.end();
        }
        System.arraycopy(src, from, out, to, src.length - from);
        return out;
    }

    private static int delta(ByteSplice s) {
        return s.replacement().length - (s.end() - s.start());
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
