package io.llmrouter.adapters.engines.forward;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.llmrouter.domain.inference.ByteSplice;
import io.llmrouter.domain.inference.RequestBody;
import java.util.ArrayList;
import java.util.List;
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
        return rewrite(body, model);
    }

    /** The body with only the model override: a PD prefill leg, which never streams and so never asks for usage. */
    static byte[] withModelOnly(RequestBody body, Optional<String> model) {
        return model.map(m -> ByteSplice.apply(body.bytes(),
                List.of(new ByteSplice(body.modelValueStart(), body.modelValueEnd(), quote(m))))).orElse(body.bytes());
    }

    /**
     * The body to send: {@code model} overridden if given, and the edit that asks the engine for
     * usage applied when the request's {@link io.llmrouter.domain.inference.StreamUsage} says so.
     * The same array when there is nothing to change.
     */
    static byte[] rewrite(RequestBody body, Optional<String> model) {
        return spliced(body, model).toBytes();
    }

    /** {@link #rewrite}, with the splices applied as the body is written rather than by copying it first. */
    static OutboundBody spliced(RequestBody body, Optional<String> model) {
        List<ByteSplice> splices = new ArrayList<>(2);
        model.ifPresent(m -> splices.add(new ByteSplice(body.modelValueStart(), body.modelValueEnd(), quote(m))));
        body.usage().bodyEdit().ifPresent(splices::add);
        return new OutboundBody(body.bytes(), splices);
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
