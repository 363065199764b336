package io.llmrouter.adapters.http;

import io.llmrouter.domain.inference.PromptText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The prompt as a list of pieces that point into the request body: template text the router adds,
 * and JSON string values still in their escaped form. Nothing is decoded while the body is parsed;
 * {@link #render} unescapes only as many bytes as it is asked for, so prefix hashing of a 200 KB
 * prompt reads a few KB of it. The result is byte for byte what decoding the strings and encoding
 * the rendered text as UTF-8 would give (a lone surrogate escape becomes {@code ?}, as
 * {@link String#getBytes} makes it).
 */
final class RenderedPrompt implements PromptText.Rendering {

    /** A piece: template bytes ({@code literal}), or the escaped content of a JSON string at [start, end) of the body. */
    private record Piece(byte[] literal, int start, int end, long codePoints) {
        static Piece literal(byte[] bytes) {
            long codePoints = 0;
            for (byte b : bytes) {
                if ((b & 0xC0) != 0x80) {
                    codePoints++;
                }
            }
            return new Piece(bytes, 0, bytes.length, codePoints);
        }

        int size() {
            return end - start;
        }
    }

    private final byte[] body;
    private final List<Piece> pieces;
    private final long codePoints;
    /** The pieces' bytes as they stand; decoding never makes a string longer, so it bounds the rendering. */
    private final long sourceBytes;

    private RenderedPrompt(byte[] body, List<Piece> pieces) {
        this.body = body;
        this.pieces = List.copyOf(pieces);
        long points = 0;
        long bytes = 0;
        for (Piece piece : this.pieces) {
            points += piece.codePoints;
            bytes += piece.size();
        }
        this.codePoints = points;
        this.sourceBytes = bytes;
    }

    @Override
    public long codePoints() {
        return codePoints;
    }

    @Override
    public byte[] render(int maxBytes) {
        Output out = new Output(maxBytes, (int) Math.min(maxBytes, sourceBytes));
        for (Piece piece : pieces) {
            if (out.full()) {
                break;
            }
            if (piece.literal != null) {
                out.write(piece.literal, 0, piece.literal.length);
            } else {
                unescape(piece.start, piece.end, out);
            }
        }
        return out.bytes();
    }

    /** Writes the decoded UTF-8 of the escaped JSON string content at [start, end) until {@code out} is full. */
    private void unescape(int start, int end, Output out) {
        int i = start;
        while (i < end && !out.full()) {
            int run = i;
            while (run < end && body[run] != '\\') {
                run++;
            }
            out.write(body, i, run - i);
            if (run >= end) {
                return;
            }
            i = escape(run, end, out);
        }
    }

    /** Decodes the escape at {@code at} (a backslash); returns where the next byte is. */
    private int escape(int at, int end, Output out) {
        byte kind = body[at + 1];
        switch (kind) {
            case 'n' -> out.write('\n');
            case 't' -> out.write('\t');
            case 'r' -> out.write('\r');
            case 'b' -> out.write('\b');
            case 'f' -> out.write('\f');
            case 'u' -> {
                char unit = (char) hex(body, at + 2);
                if (surrogatePairAt(body, at, end)) {
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

    /** Whether the backslash-u escape at {@code at} is a high surrogate followed by an escaped low one, before {@code end}. */
    private static boolean surrogatePairAt(byte[] body, int at, int end) {
        return at + 12 <= end && Character.isHighSurrogate((char) hex(body, at + 2)) && body[at + 6] == '\\'
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
                pieces.add(Piece.literal(literal.getBytes(StandardCharsets.UTF_8)));
            }
            return this;
        }

        /**
         * The JSON string value whose opening quote is at {@code quote}, its content still escaped.
         * Jackson checks the string only when it skips it, after this: a malformed one (unclosed,
         * a bad escape) must not make this scan fail, since Jackson then refuses the body anyway.
         */
        Builder string(int quote) {
            int start = quote + 1;
            int end = body.length;
            int i = start;
            long codePoints = 0;
            while (i < end && body[i] != '"') {
                if (body[i] == '\\') {
                    i += i + 1 >= end || body[i + 1] != 'u' ? 2 : surrogatePairAt(body, i, end) ? 12 : 6;
                    codePoints++;
                } else {
                    if ((body[i] & 0xC0) != 0x80) {
                        codePoints++;
                    }
                    i++;
                }
            }
            int stop = Math.min(i, end);
            if (stop > start) {
                pieces.add(new Piece(null, start, stop, codePoints));
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
