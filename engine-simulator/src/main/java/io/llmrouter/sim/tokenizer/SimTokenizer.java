package io.llmrouter.sim.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The simulator's tokenizer: stable, deterministic token ids and counts without a vocabulary file.
 *
 * <p>Contract: the same text always gives the same ids, in every process and version of this
 * class, so prefix-cache hits and {@code usage} numbers are reproducible. Ids are below
 * {@link #VOCAB_SIZE} (Qwen2's vocabulary size).
 *
 * <pre>
 * Algorithm (one left-to-right pass):
 *   1. The special tokens <|im_start|>, <|im_end|>, <|endoftext|> are one token each, with
 *      Qwen2's ids 151644, 151645, 151643.
 *   2. A word is an optional single leading space plus a run of letters; it is cut into pieces of
 *      at most 6 characters (so " hello" is one token, " tokenizer" two).
 *   3. A run of digits is cut into pieces of at most 3 digits.
 *   4. Any other character (punctuation, newline, other whitespace, symbols) is one token,
 *      except that a run of spaces is cut into pieces of at most 4.
 *   5. A piece's id is its 64-bit FNV-1a hash (over UTF-8 bytes) modulo 151,387, plus 256.
 * English prose averages about 4 to 5 characters per token, close to real BPE tokenizers.
 * </pre>
 */
public final class SimTokenizer {

    public static final int VOCAB_SIZE = 152_064;
    public static final int ENDOFTEXT_ID = 151_643;
    public static final int IM_START_ID = 151_644;
    public static final int IM_END_ID = 151_645;

    static final String ENDOFTEXT = "<|endoftext|>";
    static final String IM_START = "<|im_start|>";
    static final String IM_END = "<|im_end|>";

    private static final int WORD_PIECE = 6;
    private static final int DIGIT_PIECE = 3;
    private static final int SPACE_PIECE = 4;
    private static final int FIRST_ORDINARY_ID = 256;
    private static final int ORDINARY_IDS = ENDOFTEXT_ID - FIRST_ORDINARY_ID;

    private SimTokenizer() {
    }

    /** Number of tokens in {@code text}; equal to {@code tokenize(text).length}. */
    public static int count(String text) {
        return tokenize(text).length;
    }

    /** Token ids of {@code text}, as described in the class comment. */
    public static int[] tokenize(String text) {
        IdBuffer ids = new IdBuffer(Math.max(4, text.length() / 3));
        int i = 0;
        int n = text.length();
        while (i < n) {
            int special = specialAt(text, i);
            if (special != 0) {
                ids.add(special);
                i += specialLength(special);
                continue;
            }
            int end = pieceEnd(text, i);
            ids.add(idOf(text, i, end));
            i = end;
        }
        return ids.toArray();
    }

    /** Id of one piece of text, as the tokenizer would give it; used for generated words. */
    public static int idOfPiece(String piece) {
        return idOf(piece, 0, piece.length());
    }

    private static int pieceEnd(String text, int start) {
        char c = text.charAt(start);
        int n = text.length();
        if (c == ' ' && start + 1 < n && Character.isLetter(text.charAt(start + 1))) {
            return runEnd(text, start + 1, Math.min(n, start + WORD_PIECE), Character::isLetter);
        }
        if (Character.isLetter(c)) {
            return runEnd(text, start, Math.min(n, start + WORD_PIECE), Character::isLetter);
        }
        if (Character.isDigit(c)) {
            return runEnd(text, start, Math.min(n, start + DIGIT_PIECE), Character::isDigit);
        }
        if (c == ' ') {
            return runEnd(text, start, Math.min(n, start + SPACE_PIECE), ch -> ch == ' ');
        }
        // keep surrogate pairs together so one emoji is one piece
        return Character.isHighSurrogate(c) && start + 1 < n ? start + 2 : start + 1;
    }

    private interface CharTest {
        boolean test(char c);
    }

    private static int runEnd(String text, int from, int limit, CharTest test) {
        int i = from;
        while (i < limit && test.test(text.charAt(i))) {
            i++;
        }
        return i; // callers guarantee the first character passes, so the run is never empty
    }

    private static int specialAt(String text, int i) {
        if (text.charAt(i) != '<') {
            return 0;
        }
        if (text.startsWith(IM_START, i)) {
            return IM_START_ID;
        }
        if (text.startsWith(IM_END, i)) {
            return IM_END_ID;
        }
        return text.startsWith(ENDOFTEXT, i) ? ENDOFTEXT_ID : 0;
    }

    private static int specialLength(int id) {
        return switch (id) {
            case IM_START_ID -> IM_START.length();
            case IM_END_ID -> IM_END.length();
            default -> ENDOFTEXT.length();
        };
    }

    private static int idOf(String text, int start, int end) {
        byte[] bytes = text.substring(start, end).getBytes(StandardCharsets.UTF_8);
        long hash = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return FIRST_ORDINARY_ID + (int) Long.remainderUnsigned(hash, ORDINARY_IDS);
    }

    /** Growable int array; avoids boxing for prompts of hundreds of thousands of tokens. */
    private static final class IdBuffer {
        private int[] ids;
        private int size;

        IdBuffer(int capacity) {
            ids = new int[capacity];
        }

        void add(int id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }

        int[] toArray() {
            return Arrays.copyOf(ids, size);
        }
    }
}
