package io.llmrouter.sim.kvevents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * msgpack of an {@code EventBatch} in the encodings engines send (second-wave.md §2e):
 * <ul>
 * <li>{@link Encoding#MAP}: current vLLM, msgspec structs as maps, events tagged by key {@code type},
 *     default-valued fields omitted;
 * <li>{@link Encoding#ARRAY}: legacy vLLM (≈ v0.9–v0.11) and SGLang, {@code [ts, [events], dp_rank]}
 *     with each event a positional array, tag first.
 * </ul>
 * SGLang names the rank {@code attn_dp_rank}. Hashes are written as 64-bit ints (the last 8 bytes of
 * the digest, vLLM's {@code VLLM_KV_EVENTS_USE_INT_BLOCK_HASHES=1} default) or as the raw bytes.
 */
public final class KvEventEncoder {

    public enum Encoding { MAP, ARRAY }

    private final Encoding encoding;
    private final boolean sglang;
    private final boolean intHashes;
    private final Integer dpRank;

    public KvEventEncoder(Encoding encoding, boolean sglang, boolean intHashes, Integer dpRank) {
        this.encoding = encoding;
        this.sglang = sglang;
        this.intHashes = intHashes;
        this.dpRank = dpRank;
    }

    public byte[] encode(SimKvEvent.Batch batch) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            if (encoding == Encoding.MAP) {
                p.packMapHeader(3);
                p.packString("ts").packDouble(batch.ts());
                p.packString("events");
                events(p, batch.events());
                p.packString(sglang ? "attn_dp_rank" : "data_parallel_rank");
                rank(p);
            } else {
                p.packArrayHeader(3);
                p.packDouble(batch.ts());
                events(p, batch.events());
                rank(p);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rank(MessageBufferPacker p) throws IOException {
        if (dpRank == null) {
            p.packNil();
        } else {
            p.packInt(dpRank);
        }
    }

    private void events(MessageBufferPacker p, List<SimKvEvent> events) throws IOException {
        p.packArrayHeader(events.size());
        for (SimKvEvent event : events) {
            switch (event) {
                case SimKvEvent.BlockStored s -> stored(p, s);
                case SimKvEvent.BlockRemoved r -> {
                    if (encoding == Encoding.MAP) {
                        p.packMapHeader(3).packString("type").packString("BlockRemoved");
                        p.packString("block_hashes");
                        hashes(p, r.blockHashes());
                        p.packString("medium").packString(r.medium());
                    } else {
                        p.packArrayHeader(3).packString("BlockRemoved");
                        hashes(p, r.blockHashes());
                        p.packString(r.medium());
                    }
                }
                case SimKvEvent.AllBlocksCleared c -> {
                    if (encoding == Encoding.MAP) {
                        p.packMapHeader(1).packString("type").packString("AllBlocksCleared");
                    } else {
                        p.packArrayHeader(1).packString("AllBlocksCleared");
                    }
                }
            }
        }
    }

    private void stored(MessageBufferPacker p, SimKvEvent.BlockStored s) throws IOException {
        if (encoding == Encoding.MAP) {
            int fields = 6 + (s.loraName() == null ? 0 : 2);
            p.packMapHeader(fields).packString("type").packString("BlockStored");
            p.packString("block_hashes");
            hashes(p, s.blockHashes());
            p.packString("parent_block_hash");
            hash(p, s.parentHash());
            p.packString("token_ids");
            tokens(p, s.tokens());
            p.packString("block_size").packInt(s.blockSize());
            p.packString("medium").packString(s.medium());
            if (s.loraName() != null) {
                p.packString("lora_name").packString(s.loraName());
                p.packString("extra_keys");
                extraKeys(p, s);
            }
        } else {
            // [tag, hashes, parent, tokens, block_size, lora_id, medium, lora_name, extra_keys]
            p.packArrayHeader(9).packString("BlockStored");
            hashes(p, s.blockHashes());
            hash(p, s.parentHash());
            tokens(p, s.tokens());
            p.packInt(s.blockSize());
            p.packNil();
            p.packString(s.medium());
            if (s.loraName() == null) {
                p.packNil();
                p.packNil();
            } else {
                p.packString(s.loraName());
                extraKeys(p, s);
            }
        }
    }

    private static void extraKeys(MessageBufferPacker p, SimKvEvent.BlockStored s) throws IOException {
        p.packArrayHeader(s.blockHashes().size());
        for (int i = 0; i < s.blockHashes().size(); i++) {
            p.packArrayHeader(1).packString(s.loraName());
        }
    }

    private static void tokens(MessageBufferPacker p, int[] tokens) throws IOException {
        p.packArrayHeader(tokens.length);
        for (int t : tokens) {
            p.packInt(t);
        }
    }

    private void hashes(MessageBufferPacker p, List<byte[]> hashes) throws IOException {
        p.packArrayHeader(hashes.size());
        for (byte[] h : hashes) {
            hash(p, h);
        }
    }

    private void hash(MessageBufferPacker p, byte[] h) throws IOException {
        if (h == null) {
            p.packNil();
        } else if (intHashes) {
            // Python's int.from_bytes(h, "big") & (2**64 - 1): an unsigned 64-bit value
            long v = VllmBlockHash.asInt(h);
            if (v < 0) {
                p.packBigInteger(new java.math.BigInteger(Long.toUnsignedString(v)));
            } else {
                p.packLong(v);
            }
        } else {
            p.packBinaryHeader(h.length);
            p.writePayload(h);
        }
    }
}
