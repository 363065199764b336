package io.llmrouter.domain.inference;

import static java.util.Objects.requireNonNull;

/**
 * The request body as the client sent it, never copied, plus where the {@code model} value sits in
 * it (the byte range of the JSON string, quotes included), so a model override is one splice
 * rather than a re-serialisation of a prompt that may be hundreds of kilobytes.
 */
public record RequestBody(byte[] bytes, int modelValueStart, int modelValueEnd) {

    public RequestBody {
        requireNonNull(bytes, "'bytes' must not be null");
        if (modelValueStart < 0 || modelValueEnd < modelValueStart || modelValueEnd > bytes.length) {
            throw new IllegalArgumentException("model value range [" + modelValueStart + ", " + modelValueEnd
                    + ") lies outside a body of " + bytes.length + " bytes");
        }
    }

    public int length() {
        return bytes.length;
    }
}
