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
        List<ByteSplice> sorted = ordered(splices, src.length);
        byte[] out = new byte[splicedLength(src.length, sorted)];
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

    /**
     * The splices by position (two insertions at one position in the order given); refused when
     * they overlap or lie outside a body of {@code length} bytes.
     */
    public static List<ByteSplice> ordered(List<ByteSplice> splices, int length) {
        List<ByteSplice> sorted = new ArrayList<>(splices);
        sorted.sort(Comparator.comparingInt(ByteSplice::start));
        int previousEnd = 0;
        for (ByteSplice s : sorted) {
            if (s.start() < previousEnd || s.end() > length) {
                throw new IllegalArgumentException("splices overlap or lie outside a body of " + length + " bytes");
            }
            previousEnd = s.end();
        }
        return List.copyOf(sorted);
    }

    /** The length of a body of {@code length} bytes once {@code splices} are applied. */
    public static int splicedLength(int length, List<ByteSplice> splices) {
        long spliced = length;
        for (ByteSplice s : splices) {
            spliced += s.replacement().length - (s.end() - s.start());
        }
        return Math.toIntExact(spliced);
    }
}
