package io.llmrouter.sim.kvevents;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * vLLM's {@code sha256_cbor} prefix-cache hash (second-wave.md §2e): block i's hash is
 * {@code SHA-256(canonical CBOR of [parent hash bytes, [token ids], extra keys or null])}, the
 * parent of block 0 is {@code NONE_HASH = SHA-256(CBOR(seed))}. The seed is newer vLLM's default
 * {@code "vllm-none-hash"} unless one is given ({@code PYTHONHASHSEED}). Only the CBOR shapes these
 * inputs need are written: byte strings, unsigned ints, text strings, arrays and null, all in
 * their shortest (canonical) form.
 */
public final class VllmBlockHash {

    public static final String DEFAULT_SEED = "vllm-none-hash";

    private VllmBlockHash() {
    }

    public static byte[] noneHash(String seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        text(out, seed);
        return sha256(out.toByteArray());
    }

    /** The hash of one block; {@code extraKeys} null when the block has none (no LoRA, salt or MM input). */
    public static byte[] block(byte[] parent, int[] tokens, int from, int length, String[] extraKeys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + parent.length + 5 * length);
        head(out, 4, 3);
        head(out, 2, parent.length);
        out.writeBytes(parent);
        head(out, 4, length);
        for (int i = from; i < from + length; i++) {
            head(out, 0, tokens[i] & 0xFFFF_FFFFL); // token ids are non-negative
        }
        if (extraKeys == null) {
            out.write(0xF6);
        } else {
            head(out, 4, extraKeys.length);
            for (String key : extraKeys) {
                text(out, key);
            }
        }
        return sha256(out.toByteArray());
    }

    /** The 64-bit form KV events carry by default: the last 8 bytes, big-endian, as a signed long. */
    public static long asInt(byte[] hash) {
        long v = 0;
        for (int i = hash.length - 8; i < hash.length; i++) {
            v = (v << 8) | (hash[i] & 0xFF);
        }
        return v;
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, utf8.length);
        out.writeBytes(utf8);
    }

    /** A CBOR head in its shortest form: major type and argument. */
    static void head(ByteArrayOutputStream out, int major, long value) {
        int m = major << 5;
        if (value < 24) {
            out.write(m | (int) value);
        } else if (value < 0x100) {
            out.write(m | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(m | 25);
            out.write((int) (value >>> 8));
            out.write((int) value);
        } else if (value < 0x1_0000_0000L) {
            out.write(m | 26);
            for (int s = 24; s >= 0; s -= 8) {
                out.write((int) (value >>> s));
            }
        } else {
            out.write(m | 27);
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (value >>> s));
            }
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
