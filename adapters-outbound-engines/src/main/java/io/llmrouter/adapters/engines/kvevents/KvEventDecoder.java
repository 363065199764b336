package io.llmrouter.adapters.engines.kvevents;

import io.llmrouter.domain.kvcache.KvEvent;
import io.llmrouter.domain.kvcache.Medium;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * Decodes an engine's msgpack {@code EventBatch} (second-wave.md §2e) in every shape seen in the
 * wild, into engine-neutral {@link KvEvent}s:
 * <ul>
 * <li>the batch as a map ({@code ts}, {@code events}, {@code data_parallel_rank} or SGLang's
 *     {@code attn_dp_rank}: current vLLM) or as a positional array {@code [ts, events, rank]}
 *     (legacy vLLM, SGLang, and the intermediate vLLM whose events are maps);
 * <li>each event as a map tagged by {@code type} or as an array with the tag first:
 *     {@code BlockStored [hashes, parent, tokens, block_size, lora_id, medium, lora_name,
 *     extra_keys, …]}, {@code BlockRemoved [hashes, medium, …]}, {@code AllBlocksCleared};
 * <li>hashes as (unsigned) 64-bit ints or as bytes (the last 8 bytes, big-endian, as vLLM's
 *     int form takes them), so both spellings of the same block are the same key.
 * </ul>
 * Unknown event tags are skipped (newer engines add events); anything else malformed throws
 * {@link MalformedBatchException}, and the caller skips the whole batch.
 */
public final class KvEventDecoder {

    /** A decoded batch: the engine's timestamp (seconds), its data-parallel rank (null if none) and the events. */
    public record Batch(double ts, Integer dpRank, List<KvEvent> events) {
    }

    public static final class MalformedBatchException extends Exception {
        MalformedBatchException(String message) {
            super(message);
        }
    }

    private static final Value TYPE = ValueFactory.newString("type");

    private KvEventDecoder() {
    }

    public static Batch decode(byte[] payload) throws MalformedBatchException {
        Value root;
        try (MessageUnpacker check = MessagePack.newDefaultUnpacker(payload)) {
            // a header may claim 2^32 elements in 5 bytes: check every size against the bytes left
            // before building values, so garbage can never make the decoder allocate gigabytes
            checkSizes(check, payload.length, 0);
        } catch (IOException | RuntimeException e) {
            throw new MalformedBatchException("not msgpack: " + e.getMessage());
        }
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(payload)) {
            root = unpacker.unpackValue();
            if (unpacker.hasNext()) {
                throw new MalformedBatchException("trailing bytes after the batch");
            }
        } catch (IOException | RuntimeException e) {
            throw new MalformedBatchException("not msgpack: " + e.getMessage());
        }
        try {
            if (root.isArrayValue()) {
                ArrayValue a = root.asArrayValue();
                if (a.size() < 2) {
                    throw new MalformedBatchException("batch array has " + a.size() + " elements");
                }
                return new Batch(number(a.get(0)), a.size() > 2 ? rank(a.get(2)) : null, events(a.get(1)));
            }
            if (root.isMapValue()) {
                Map<Value, Value> m = root.asMapValue().map();
                Value events = m.get(ValueFactory.newString("events"));
                if (events == null) {
                    throw new MalformedBatchException("batch map without 'events'");
                }
                Value ts = m.get(ValueFactory.newString("ts"));
                Value rank = m.getOrDefault(ValueFactory.newString("data_parallel_rank"),
                        m.get(ValueFactory.newString("attn_dp_rank")));
                return new Batch(ts == null ? 0 : number(ts), rank == null ? null : rank(rank), events(events));
            }
            throw new MalformedBatchException("batch is a " + root.getValueType());
        } catch (RuntimeException e) { // a value of an unexpected type somewhere inside
            throw new MalformedBatchException("bad batch: " + e);
        }
    }

    private static final int MAX_DEPTH = 16;

    private static void checkSizes(MessageUnpacker u, int length, int depth) throws IOException, MalformedBatchException {
        if (depth > MAX_DEPTH) {
            throw new MalformedBatchException("nested deeper than " + MAX_DEPTH);
        }
        switch (u.getNextFormat().getValueType()) {
            case ARRAY -> {
                int n = u.unpackArrayHeader();
                fits(u, length, n);
                for (int i = 0; i < n; i++) {
                    checkSizes(u, length, depth + 1);
                }
            }
            case MAP -> {
                int n = u.unpackMapHeader();
                fits(u, length, 2L * n);
                for (int i = 0; i < 2 * n; i++) {
                    checkSizes(u, length, depth + 1);
                }
            }
            case STRING -> skip(u, length, u.unpackRawStringHeader());
            case BINARY -> skip(u, length, u.unpackBinaryHeader());
            case EXTENSION -> skip(u, length, u.unpackExtensionTypeHeader().getLength());
            default -> u.skipValue();
        }
    }

    private static void skip(MessageUnpacker u, int length, int n) throws IOException, MalformedBatchException {
        fits(u, length, n);
        u.readPayload(n);
    }

    private static void fits(MessageUnpacker u, int length, long needed) throws MalformedBatchException {
        if (needed < 0 || needed > length - u.getTotalReadBytes()) {
            throw new MalformedBatchException("a size of " + needed + " exceeds the bytes left");
        }
    }

    private static List<KvEvent> events(Value value) throws MalformedBatchException {
        if (!value.isArrayValue()) {
            throw new MalformedBatchException("'events' is a " + value.getValueType());
        }
        List<KvEvent> events = new ArrayList<>();
        for (Value e : value.asArrayValue()) {
            KvEvent event = e.isMapValue() ? fromMap(e.asMapValue()) : e.isArrayValue() ? fromArray(e.asArrayValue()) : null;
            if (event == null && !e.isMapValue() && !e.isArrayValue()) {
                throw new MalformedBatchException("event is a " + e.getValueType());
            }
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    private static KvEvent fromArray(ArrayValue a) throws MalformedBatchException {
        if (a.size() == 0 || !a.get(0).isStringValue()) {
            throw new MalformedBatchException("event array without a tag");
        }
        String tag = a.get(0).asStringValue().asString();
        return switch (tag) {
            case "BlockStored" -> {
                if (a.size() < 5) {
                    throw new MalformedBatchException("BlockStored with " + a.size() + " fields");
                }
                String lora = a.size() > 7 ? string(a.get(7)) : null;
                Value extra = a.size() > 8 ? a.get(8) : null;
                Value metadata = a.size() > 11 && a.get(a.size() - 1).isMapValue() ? a.get(a.size() - 1) : null;
                yield stored(a.get(1), a.get(2), a.get(3), a.get(4), lora, extra, a.size() > 6 ? a.get(6) : null, metadata);
            }
            case "BlockRemoved" -> {
                if (a.size() < 2) {
                    throw new MalformedBatchException("BlockRemoved without hashes");
                }
                yield new KvEvent.BlockRemoved(hashes(a.get(1)), Medium.parse(a.size() > 2 ? string(a.get(2)) : null));
            }
            case "AllBlocksCleared" -> new KvEvent.AllBlocksCleared();
            default -> null;
        };
    }

    private static KvEvent fromMap(MapValue value) throws MalformedBatchException {
        Map<Value, Value> m = value.map();
        Value type = m.get(TYPE);
        if (type == null || !type.isStringValue()) {
            throw new MalformedBatchException("event map without 'type'");
        }
        return switch (type.asStringValue().asString()) {
            case "BlockStored" -> stored(required(m, "block_hashes"), field(m, "parent_block_hash"),
                    field(m, "token_ids"), field(m, "block_size"), string(field(m, "lora_name")),
                    field(m, "extra_keys"), field(m, "medium"), field(m, "metadata"));
            case "BlockRemoved" -> new KvEvent.BlockRemoved(hashes(required(m, "block_hashes")),
                    Medium.parse(string(field(m, "medium"))));
            case "AllBlocksCleared" -> new KvEvent.AllBlocksCleared();
            default -> null;
        };
    }

    private static KvEvent stored(Value hashes, Value parent, Value tokens, Value blockSize, String lora, Value extra,
                                  Value medium, Value metadata) throws MalformedBatchException {
        long[] h = hashes(hashes);
        int[] t = tokens == null || tokens.isNilValue() ? new int[0] : tokens(tokens);
        int size = blockSize == null || blockSize.isNilValue() ? (h.length == 0 ? 0 : t.length / h.length)
                : blockSize.asIntegerValue().asInt();
        String[] extraKeys = extraKeys(extra, lora, h.length);
        String salt = cacheSalt(metadata);
        if (salt != null && h.length > 0 && (parent == null || parent.isNilValue())) {
            if (extraKeys == null) {
                extraKeys = new String[h.length];
            }
            extraKeys[0] = extraKeys[0] == null ? salt : extraKeys[0] + "\u0000" + salt;
        }
        Long p = parent == null || parent.isNilValue() ? null : hash(parent);
        return new KvEvent.BlockStored(h, p, t, size, lora, extraKeys, Medium.parse(string(medium)));
    }

    /**
     * One string per block from vLLM's {@code extra_keys} (a tuple per block of LoRA name, cache_salt,
     * MM ids with offsets, prompt-embeds hashes): everything but the LoRA name, which the key's root
     * already carries, joined; null for a block without any. A block with MM or embedding inputs thus
     * gets a key no text request computes, which is right: it cannot serve one.
     */
    private static String[] extraKeys(Value extra, String lora, int blocks) {
        if (extra == null || extra.isNilValue() || !extra.isArrayValue()) {
            return null;
        }
        ArrayValue perBlock = extra.asArrayValue();
        String[] keys = new String[blocks];
        boolean any = false;
        for (int i = 0; i < Math.min(blocks, perBlock.size()); i++) {
            Value block = perBlock.get(i);
            if (block.isNilValue()) {
                continue;
            }
            StringBuilder joined = new StringBuilder();
            for (Value item : block.isArrayValue() ? block.asArrayValue().list() : List.of(block)) {
                if (item.isStringValue() && item.asStringValue().asString().equals(lora)) {
                    continue;
                }
                if (!joined.isEmpty()) {
                    joined.append('\u0000');
                }
                joined.append(item.isStringValue() ? item.asStringValue().asString() : item.toJson());
            }
            if (!joined.isEmpty()) {
                keys[i] = joined.toString();
                any = true;
            }
        }
        return any ? keys : null;
    }

    private static String cacheSalt(Value metadata) {
        if (metadata == null || !metadata.isMapValue()) {
            return null;
        }
        return string(metadata.asMapValue().map().get(ValueFactory.newString("cache_salt")));
    }

    private static long[] hashes(Value value) throws MalformedBatchException {
        if (!value.isArrayValue()) {
            throw new MalformedBatchException("block_hashes is a " + value.getValueType());
        }
        ArrayValue a = value.asArrayValue();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = hash(a.get(i));
        }
        return out;
    }

    /** An engine hash as a 64-bit key: ints as they are (mod 2^64), bytes by their last 8, big-endian. */
    static long hash(Value v) throws MalformedBatchException {
        if (v.isIntegerValue()) {
            BigInteger big = v.asIntegerValue().asBigInteger();
            return big.longValue(); // the low 64 bits, for negative and unsigned alike
        }
        byte[] bytes;
        if (v.isBinaryValue()) {
            bytes = v.asBinaryValue().asByteArray();
        } else if (v.isStringValue()) {
            bytes = v.asStringValue().asByteArray();
        } else {
            throw new MalformedBatchException("block hash is a " + v.getValueType());
        }
        long h = 0;
        for (int i = Math.max(0, bytes.length - 8); i < bytes.length; i++) {
            h = (h << 8) | (bytes[i] & 0xFF);
        }
        return h;
    }

    private static int[] tokens(Value value) throws MalformedBatchException {
        if (!value.isArrayValue()) {
            throw new MalformedBatchException("token_ids is a " + value.getValueType());
        }
        ArrayValue a = value.asArrayValue();
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asIntegerValue().asInt();
        }
        return out;
    }

    private static Value required(Map<Value, Value> m, String name) throws MalformedBatchException {
        Value v = m.get(ValueFactory.newString(name));
        if (v == null) {
            throw new MalformedBatchException("event without '" + name + "'");
        }
        return v;
    }

    private static Value field(Map<Value, Value> m, String name) {
        return m.get(ValueFactory.newString(name));
    }

    private static String string(Value v) {
        return v == null || !v.isStringValue() ? null : v.asStringValue().asString();
    }

    private static double number(Value v) {
        return v.isFloatValue() ? v.asFloatValue().toDouble() : v.asIntegerValue().toLong();
    }

    private static Integer rank(Value v) {
        return v == null || v.isNilValue() ? null : v.asIntegerValue().asInt();
    }
}
