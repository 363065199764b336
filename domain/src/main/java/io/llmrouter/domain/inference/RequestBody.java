package io.llmrouter.domain.inference;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The request body as the client sent it, never copied, plus where the {@code model} value sits in
 * it (the byte range of the JSON string, quotes included), so a model override is one splice
 * rather than a re-serialisation of a prompt that may be hundreds of kilobytes.
 *
 * @param usage what the router does about token usage on a stream ({@link StreamUsage}: whether to
 *              edit the body to ask the engine for it, and whether to hide it from the client)
 */
public record RequestBody(byte[] bytes, int modelValueStart, int modelValueEnd, StreamUsage usage) {

    public RequestBody {
        requireNonNull(bytes, "'bytes' must not be null");
        if (modelValueStart < 0 || modelValueEnd < modelValueStart || modelValueEnd > bytes.length) {
            throw new IllegalArgumentException("model value range [" + modelValueStart + ", " + modelValueEnd
                    + ") lies outside a body of " + bytes.length + " bytes");
        }
        requireNonNull(usage, "'usage' must not be null");
        Optional<ByteSplice> edit = usage.bodyEdit();
        if (edit.isPresent() && edit.get().end() > bytes.length) {
            throw new IllegalArgumentException("include_usage splice ends beyond a body of " + bytes.length + " bytes");
        }
        if (edit.isPresent() && edit.get().start() < modelValueEnd && modelValueStart < edit.get().end()) {
            throw new IllegalArgumentException("include_usage splice overlaps the model value");
        }
    }

    /** A body that is not a stream, or whose usage is not the router's concern. */
    public RequestBody(byte[] bytes, int modelValueStart, int modelValueEnd) {
        this(bytes, modelValueStart, modelValueEnd, StreamUsage.NOT_STREAMED);
    }

    public int length() {
        return bytes.length;
    }
}
