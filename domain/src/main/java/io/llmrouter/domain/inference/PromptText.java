package io.llmrouter.domain.inference;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;

/**
 * The prompt as the engine will see it, in UTF-8: a completion's {@code prompt}, or a chat's whole
 * conversation rendered with a ChatML-style template ({@code <|im_start|>role\ncontent<|im_end|>\n}
 * per message), so two conversations that share their first turns share a prefix here too.
 *
 * <p>Derived data (block hashes) is computed once per request and kept with the prompt, since
 * scoring and the after-response feedback both need it.
 */
public final class PromptText {

    private static final PromptText EMPTY = new PromptText(new byte[0]);

    private final byte[] utf8;
    /** Written and read by the one thread that serves the request; volatile for safe publication. */
    private volatile Memo memo;

    private PromptText(byte[] utf8) {
        this.utf8 = utf8;
    }

    public static PromptText of(byte[] utf8) {
        return utf8.length == 0 ? EMPTY : new PromptText(requireNonNull(utf8, "'utf8' must not be null"));
    }

    public static PromptText empty() {
        return EMPTY;
    }

    /** The bytes; callers must not modify them. */
    public byte[] utf8() {
        return utf8;
    }

    public int length() {
        return utf8.length;
    }

    public boolean isEmpty() {
        return utf8.length == 0;
    }

    /**
     * Kthena's input-token estimate, which rate limits reserve before the engine counts: one token
     * per four characters (Unicode code points), rounded up. Real usage settles the difference.
     */
    public long estimatedTokens() {
        long codePoints = 0;
        for (byte b : utf8) {
            if ((b & 0xC0) != 0x80) { // every byte but a UTF-8 continuation byte starts a code point
                codePoints++;
            }
        }
        return (codePoints + 3) / 4;
    }

    /**
     * The value derived from this prompt by {@code compute} for {@code key}, computed at most once
     * per key in a row (a one-entry memo: a request has one hashing configuration).
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Object key, Function<PromptText, T> compute) {
        Memo m = memo;
        if (m != null && m.key.equals(key)) {
            return (T) m.value;
        }
        T value = compute.apply(this);
        memo = new Memo(key, value);
        return value;
    }

    private record Memo(Object key, Object value) {
    }
}
