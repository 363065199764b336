package io.llmrouter.adapters.engines.forward;

import io.llmrouter.domain.inference.TokenUsage;

/**
 * Keeps the last {@link #TAIL} bytes of a plain JSON response as it is relayed and reads
 * {@code usage} from them at the end: OpenAI-style engines write {@code usage} last, so the tail
 * holds it however long the generated text was, and memory stays bounded.
 */
final class JsonUsageTail {

    static final int TAIL = 8 * 1024;

    private final byte[] ring = new byte[TAIL];
    private long written;

    void add(byte[] buf, int offset, int length) {
        int from = length > TAIL ? offset + length - TAIL : offset;
        for (int i = from; i < offset + length; ) {
            int at = (int) (written % TAIL);
            int chunk = Math.min(TAIL - at, offset + length - i);
            System.arraycopy(buf, i, ring, at, chunk);
            written += chunk;
            i += chunk;
        }
    }

    TokenUsage usage() {
        int size = (int) Math.min(written, TAIL);
        byte[] tail = new byte[size];
        int start = (int) ((written - size) % TAIL);
        int first = Math.min(size, TAIL - start);
        System.arraycopy(ring, start, tail, 0, first);
        System.arraycopy(ring, 0, tail, first, size - first);
        int at = UsageJson.lastUsageObject(tail, 0, size);
        return at < 0 ? TokenUsage.UNKNOWN : UsageJson.parseObject(tail, at, size);
    }
}
