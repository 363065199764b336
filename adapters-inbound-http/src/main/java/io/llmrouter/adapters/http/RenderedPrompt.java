package io.llmrouter.adapters.http;

import io.llmrouter.domain.inference.PromptText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The prompt as a list of pieces that point into the request body: template text the router adds,
 * and JSON string values still in their escaped form. Nothing is decoded, or even scanned, while the
 * body is parsed (Jackson skips the strings, checking them); {@link #render} unescapes only as many
 * bytes as it is asked for, so prefix hashing of a 200 KB prompt reads a few KB of it, and only a
 * token estimate or a whole rendering scans a string to its end. The result is byte for byte what decoding the strings and encoding
 * the rendered text as UTF-8 would give (a lone surrogate escape becomes {@code ?}, as
 * {@link String#getBytes} makes it).
 */
final class RenderedPrompt implements PromptText.Rendering {

    /**
     * A piece: template bytes ({@code literal}), or a JSON string of the body whose content, still
     * escaped, starts at {@code start} (just after its opening quote) and ends at its closing quote,
     * found only when needed.
     */
    private record Piece(byte[] literal, int start) {
    }

    /** What only a whole scan tells: the pieces' bytes as they stand (a bound on the rendering) and the code points. */
    private record Measure(long sourceBytes, long codePoints) {
    }

    private final byte[] body;
    private final List<Piece> pieces;
    /** Computed on first use; a race computes it twice, to the same value. */
    private volatile Measure measure;

    private RenderedPrompt(byte[] body, List<Piece> pieces) {
        this.body = body;
        this.pieces = List.copyOf(pieces);
    }

    @Override
    public long codePoints() {
        return measure().codePoints();
    }

    private Measure measure() {
        Measure m = measure;
        if (m == null) {
            long bytes = 0;
            long points = 0;
            for (Piece piece : pieces) {
                if (piece.literal != null) {
                    bytes += piece.literal.length;
                    points += codePoints(piece.literal, 0, piece.literal.length);
                } else {
                    int end = end(piece.start);
                    bytes += end - piece.start;
                    points += stringCodePoints(piece.start, end);
                }
            }
            m = new Measure(bytes, points);
            measure = m;
        }
        return m;
    }

    @Override
    public byte[] render(int maxBytes) {
        // A prefix is small: no whole scan for it. A whole rendering is sized by one.
        int expected = maxBytes <= PREFIX_SIZING ? maxBytes : (int) Math.min(maxBytes, measure().sourceBytes());
        Output out = new Output(maxBytes, expected);
        for (Piece piece : pieces) {
            if (out.full()) {
                break;
            }
            if (piece.literal != null) {
                out.write(piece.literal, 0, piece.literal.length);
            } else {
                unescape(piece.start, out);
            }
        }
        return out.bytes();
    }

    /** Renderings up to this size are not sized by a whole scan first. */
    private static final int PREFIX_SIZING = 64 * 1024;

    /** Where the string whose content starts at {@code start} ends: its closing (unescaped) quote. */
    private int end(int start) {
        int i = start;
        while (i < body.length && body[i] != '"') {
            i += body[i] == '\\' ? escapeWidth(i) : 1;
        }
        return Math.min(i, body.length);
    }

    private long stringCodePoints(int start, int end) {
        long n = 0;
        int i = start;
        while (i < end) {
            if (body[i] == '\\') {
                i += escapeWidth(i);
                n++;
            } else {
                if ((body[i] & 0xC0) != 0x80) {
                    n++;
                }
                i++;
            }
        }
        return n;
    }

    private static long codePoints(byte[] bytes, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                n++;
            }
        }
        return n;
    }

    /** Bytes the escape at {@code at} takes: 12 for a surrogate pair (one code point), 6 for another backslash-u, else 2. */
    private int escapeWidth(int at) {
        if (at + 1 >= body.length || body[at + 1] != 'u') {
            return 2;
        }
        return surrogatePairAt(body, at) ? 12 : 6;
    }

    /** Writes the decoded UTF-8 of the string content from {@code start} to its closing quote, until {@code out} is full. */
    private void unescape(int start, Output out) {
        int i = start;
        while (i < body.length && !out.full()) {
            int run = i;
            while (run < body.length && body[run] != '\\' && body[run] != '"') {
                run++;
            }
            out.write(body, i, run - i);
            if (run >= body.length || body[run] == '"') {
                return;
            }
            i = escape(run, out);
        }
    }

    /** Decodes the escape at {@code at} (a backslash); returns where the next byte is. */
    private int escape(int at, Output out) {
        byte kind = body[at + 1];
        switch (kind) {
            case 'n' -> out.write('\n');
            case 't' -> out.write('\t');
            case 'r' -> out.write('\r');
            case 'b' -> out.write('\b');
            case 'f' -> out.write('\f');
            case 'u' -> {
                char unit = (char) hex(body, at + 2);
                if (surrogatePairAt(body, at)) {
                    out.codePoint(Character.toCodePoint(unit, (char) hex(body, at + 8)));
                    return at + 12;
                }
                out.codePoint(Character.isSurrogate(unit) ? '?' : unit);
                return at + 6;
            }
            default -> out.write(kind); // \" \\ \/ stand for themselves
        }
        return at + 2;
    }

    /** The four hex digits at {@code at} (the parser has checked they are hex). */
    private static int hex(byte[] body, int at) {
        return Character.digit(body[at], 16) << 12 | Character.digit(body[at + 1], 16) << 8
                | Character.digit(body[at + 2], 16) << 4 | Character.digit(body[at + 3], 16);
    }

    /** Whether the backslash-u escape at {@code at} is a high surrogate followed by an escaped low one. */
    private static boolean surrogatePairAt(byte[] body, int at) {
        return at + 12 <= body.length && Character.isHighSurrogate((char) hex(body, at + 2)) && body[at + 6] == '\\'
                && body[at + 7] == 'u' && Character.isLowSurrogate((char) hex(body, at + 8));
    }

    /** Collects the pieces while the body is parsed. */
    static final class Builder {
        private final byte[] body;
        private final List<Piece> pieces = new ArrayList<>();

        Builder(byte[] body) {
            this.body = body;
        }

        Builder text(String literal) {
            if (!literal.isEmpty()) {
                pieces.add(new Piece(literal.getBytes(StandardCharsets.UTF_8), -1));
            }
            return this;
        }

        /**
         * The JSON string value whose opening quote is at {@code quote}, its content still escaped;
         * nothing of it is read now (Jackson checks it when it skips it), only whether it is empty.
         */
        Builder string(int quote) {
            int start = quote + 1;
            if (start < body.length && body[start] != '"') {
                pieces.add(new Piece(null, start));
            }
            return this;
        }

        /** A fresh builder over the same body, for pieces collected before their place is known. */
        Builder child() {
            return new Builder(body);
        }

        Builder append(Builder other) {
            pieces.addAll(other.pieces);
            return this;
        }

        /** Whether nothing has been collected; pieces are never empty, so also whether the rendering would be. */
        boolean isEmpty() {
            return pieces.isEmpty();
        }

        RenderedPrompt build() {
            return new RenderedPrompt(body, pieces);
        }
    }

    /** A byte buffer that stops at a limit. */
    private static final class Output {
        private final int limit;
        private byte[] bytes;
        private int size;

        Output(int limit, int expected) {
            this.limit = limit;
            this.bytes = new byte[Math.max(16, expected)];
        }

        boolean full() {
            return size >= limit;
        }

        void write(int b) {
            if (size < limit) {
                ensure(1);
                bytes[size++] = (byte) b;
            }
        }

        void write(byte[] source, int offset, int length) {
            int n = Math.min(length, limit - size);
            if (n > 0) {
                ensure(n);
                System.arraycopy(source, offset, bytes, size, n);
                size += n;
            }
        }

        /** A code point in UTF-8; cut at the limit like any other bytes. */
        void codePoint(int cp) {
            if (cp < 0x80) {
                write(cp);
            } else if (cp < 0x800) {
                write(0xC0 | cp >> 6);
                write(0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                write(0xE0 | cp >> 12);
                write(0x80 | cp >> 6 & 0x3F);
                write(0x80 | cp & 0x3F);
            } else {
                write(0xF0 | cp >> 18);
                write(0x80 | cp >> 12 & 0x3F);
                write(0x80 | cp >> 6 & 0x3F);
                write(0x80 | cp & 0x3F);
            }
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                long wanted = Math.max((long) bytes.length * 2, (long) size + more);
                bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
            }
        }

        byte[] bytes() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }
}
