package io.llmrouter.domain.inference;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
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

    private static final PromptText EMPTY = new PromptText(new byte[0], null);

    /**
     * A prompt rendered on demand from where it lies in the request body, so a 200 KB prompt costs
     * only the bytes a plugin reads: prefix hashing reads a few KB, a token estimate only counts.
     * Implementations are immutable and may be called from any thread.
     */
    public interface Rendering {
        /** The first {@code min(maxBytes, total)} bytes of the prompt in UTF-8. */
        byte[] render(int maxBytes);

        /** How many Unicode code points the whole prompt has. */
        long codePoints();
    }

    /** Written and read by the one thread that serves the request; volatile for safe publication. */
    private volatile byte[] utf8;
    private final Rendering rendering;
    /** Written and read by the one thread that serves the request; volatile for safe publication. */
    private volatile Memo memo;

    private PromptText(byte[] utf8, Rendering rendering) {
        this.utf8 = utf8;
        this.rendering = rendering;
    }

    public static PromptText of(byte[] utf8) {
        return requireNonNull(utf8, "'utf8' must not be null").length == 0 ? EMPTY : new PromptText(utf8, null);
    }

    /** A prompt rendered only as far as it is read. */
    public static PromptText rendered(Rendering rendering) {
        return new PromptText(null, requireNonNull(rendering, "'rendering' must not be null"));
    }

    public static PromptText empty() {
        return EMPTY;
    }

    /** The whole prompt's bytes (rendered once, on first use); callers must not modify them. */
    public byte[] utf8() {
        byte[] bytes = utf8;
        if (bytes == null) {
            bytes = rendering.render(Integer.MAX_VALUE);
            utf8 = bytes;
        }
        return bytes;
    }

    /**
     * The first {@code min(maxBytes, length)} bytes; renders no further than that when the prompt
     * has not been rendered whole. Callers must not modify them.
     */
    public byte[] prefix(int maxBytes) {
        byte[] bytes = utf8;
        if (bytes != null) {
            return bytes.length <= maxBytes ? bytes : Arrays.copyOf(bytes, maxBytes);
        }
        return rendering.render(maxBytes);
    }

    /** The length in bytes; renders the whole prompt. */
    public int length() {
        return utf8().length;
    }

    public boolean isEmpty() {
        byte[] bytes = utf8;
        return bytes != null ? bytes.length == 0 : rendering.render(1).length == 0;
    }

    /**
     * Kthena's input-token estimate, which rate limits reserve before the engine counts: one token
     * per four characters (Unicode code points), rounded up. Real usage settles the difference.
     */
    public long estimatedTokens() {
        byte[] bytes = utf8;
        if (bytes == null) {
            return (rendering.codePoints() + 3) / 4;
        }
        long codePoints = 0;
        for (byte b : bytes) {
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
