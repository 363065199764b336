package io.llmrouter.domain.inference;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The request body as the client sent it, never copied, plus where the {@code model} value sits in
 * it (the byte range of the JSON string, quotes included), so a model override is one splice
 * rather than a re-serialisation of a prompt that may be hundreds of kilobytes.
 *
 * @param includeUsage for a streaming request whose {@code stream_options.include_usage} is not
 *                     {@code true}: the splice that turns it on (so the engine reports token usage in
 *                     a last chunk, which the router then keeps from the client); empty otherwise
 */
public record RequestBody(byte[] bytes, int modelValueStart, int modelValueEnd, Optional<ByteSplice> includeUsage) {

    public RequestBody {
        requireNonNull(bytes, "'bytes' must not be null");
        if (modelValueStart < 0 || modelValueEnd < modelValueStart || modelValueEnd > bytes.length) {
            throw new IllegalArgumentException("model value range [" + modelValueStart + ", " + modelValueEnd
                    + ") lies outside a body of " + bytes.length + " bytes");
        }
        requireNonNull(includeUsage, "'includeUsage' must not be null");
        if (includeUsage.isPresent() && includeUsage.get().end() > bytes.length) {
            throw new IllegalArgumentException("include_usage splice ends beyond a body of " + bytes.length + " bytes");
        }
    }

    public RequestBody(byte[] bytes, int modelValueStart, int modelValueEnd) {
        this(bytes, modelValueStart, modelValueEnd, Optional.empty());
    }

    public int length() {
        return bytes.length;
    }
}
