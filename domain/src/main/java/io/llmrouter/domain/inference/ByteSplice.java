package io.llmrouter.domain.inference;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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

    /**
     * {@code src} with every splice applied, in one copy; {@code src} itself (not a copy) when there
     * are none. The splices may come in any order but must not overlap (two insertions at one
     * position go in the order given).
     */
    public static byte[] apply(byte[] src, List<ByteSplice> splices) {
        if (splices.isEmpty()) {
            return src;
        }
        List<ByteSplice> sorted = new ArrayList<>(splices);
        sorted.sort(Comparator.comparingInt(ByteSplice::start));
        long length = src.length;
        int previousEnd = 0;
        for (ByteSplice s : sorted) {
            if (s.start() < previousEnd || s.end() > src.length) {
                throw new IllegalArgumentException("splices overlap or lie outside a body of " + src.length + " bytes");
            }
            previousEnd = s.end();
            length += s.replacement().length - (s.end() - s.start());
        }
        byte[] out = new byte[Math.toIntExact(length)];
        int from = 0;
        int to = 0;
        for (ByteSplice s : sorted) {
            System.arraycopy(src, from, out, to, s.start() - from);
            to += s.start() - from;
            System.arraycopy(s.replacement(), 0, out, to, s.replacement().length);
            to += s.replacement().length;
            from = s.end();
        }
        System.arraycopy(src, from, out, to, src.length - from);
        return out;
    }
}
