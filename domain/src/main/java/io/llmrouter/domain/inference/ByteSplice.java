package io.llmrouter.domain.inference;

import static java.util.Objects.requireNonNull;

/**
 * Replace the bytes {@code [start, end)} of a request body with {@code replacement} (an insertion
 * when {@code start == end}). Found by the request parser, applied by the forwarder, so an edit of
 * a large body is a copy around the edit instead of a re-serialisation.
 */
public record ByteSplice(int start, int end, byte[] replacement) {

    public ByteSplice {
        requireNonNull(replacement, "'replacement' must not be null");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("splice range [" + start + ", " + end + ") is not a range");
        }
    }
}
