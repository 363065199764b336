package io.llmrouter.adapters.engines.kvevents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.llmrouter.domain.kvcache.KvEvent;
import io.llmrouter.domain.kvcache.Medium;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import java.io.IOException;
import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Batches built byte by byte from the documented layouts (second-wave.md §2e, engines.md Part C):
 * current vLLM (maps, tag key "type"), legacy vLLM (positional arrays), the intermediate shape
 * (array batch, map events) and SGLang (array_like, attn_dp_rank, StorageMedium).
 */
class KvEventDecoderTest {

    /** A 32-byte digest whose last 8 bytes are 0xF1..0xF8 (so its int form is above 2^63). */
    static final byte[] DIGEST = new byte[32];
    static final long DIGEST_INT;

    static {
        for (int i = 0; i < 32; i++) {
            DIGEST[i] = (byte) (i < 24 ? i : 0xF1 + i - 24);
        }
        DIGEST_INT = new BigInteger(1, java.util.Arrays.copyOfRange(DIGEST, 24, 32)).longValue();
    }

    @Test
    void currentVllmTaggedMaps() throws Exception {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(3);
        p.packString("ts").packDouble(1733212345.25);
        p.packString("events").packArrayHeader(3);
        // BlockStored, omit_defaults: lora_id, lora_name, extra_keys absent
        p.packMapHeader(6).packString("type").packString("BlockStored");
        p.packString("block_hashes").packArrayHeader(2);
        p.packBigInteger(new BigInteger(Long.toUnsignedString(DIGEST_INT))).packLong(42);
        p.packString("parent_block_hash").packNil();
        p.packString("token_ids").packArrayHeader(4).packInt(1).packInt(2).packInt(3).packInt(4);
        p.packString("block_size").packInt(2);
        p.packString("medium").packString("GPU");
        p.packMapHeader(3).packString("type").packString("BlockRemoved");
        p.packString("block_hashes").packArrayHeader(1).packLong(42);
        p.packString("medium").packString("GPU");
        p.packMapHeader(1).packString("type").packString("AllBlocksCleared");
        p.packString("data_parallel_rank").packInt(1);
        KvEventDecoder.Batch batch = KvEventDecoder.decode(p.toByteArray());
        assertEquals(1733212345.25, batch.ts());
        assertEquals(1, batch.dpRank());
        KvEvent.BlockStored stored = assertInstanceOf(KvEvent.BlockStored.class, batch.events().get(0));
        assertArrayEquals(new long[] {DIGEST_INT, 42}, stored.blockHashes());
        assertNull(stored.parentHash());
        assertArrayEquals(new int[] {1, 2, 3, 4}, stored.tokens());
        assertEquals(2, stored.blockSize());
        assertEquals(Medium.GPU, stored.medium());
        KvEvent.BlockRemoved removed = assertInstanceOf(KvEvent.BlockRemoved.class, batch.events().get(1));
        assertArrayEquals(new long[] {42}, removed.blockHashes());
        assertInstanceOf(KvEvent.AllBlocksCleared.class, batch.events().get(2));
    }

    @Test
    void legacyVllmPositionalArraysWithHashesAsBytesAndLora() throws Exception {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packArrayHeader(3).packDouble(12.5).packArrayHeader(2);
        // [tag, hashes, parent, tokens, block_size, lora_id, medium, lora_name, extra_keys]
        p.packArrayHeader(9).packString("BlockStored");
        p.packArrayHeader(1).packBinaryHeader(32).writePayload(DIGEST);
        p.packLong(7); // parent as int
        p.packArrayHeader(2).packInt(9).packInt(10);
        p.packInt(2).packInt(3).packString("GPU").packString("sql-lora");
        p.packArrayHeader(1).packArrayHeader(2).packString("sql-lora").packString("salt-1");
        p.packArrayHeader(3).packString("BlockRemoved").packArrayHeader(1).packBinaryHeader(32).writePayload(DIGEST)
                .packString("CPU");
        p.packNil();
        KvEventDecoder.Batch batch = KvEventDecoder.decode(p.toByteArray());
        assertNull(batch.dpRank());
        KvEvent.BlockStored stored = (KvEvent.BlockStored) batch.events().get(0);
        assertArrayEquals(new long[] {DIGEST_INT}, stored.blockHashes(), "bytes read by their last 8, big-endian");
        assertEquals(7L, stored.parentHash());
        assertEquals("sql-lora", stored.loraName());
        assertArrayEquals(new String[] {"salt-1"}, stored.extraKeys(), "the LoRA name is in the root, not the extra");
        KvEvent.BlockRemoved removed = (KvEvent.BlockRemoved) batch.events().get(1);
        assertArrayEquals(new long[] {DIGEST_INT}, removed.blockHashes());
        assertEquals(Medium.CPU, removed.medium());
    }

    @Test
    void intermediateShapeArrayBatchOfMapEvents() throws Exception {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packArrayHeader(2).packInt(3).packArrayHeader(1);
        p.packMapHeader(2).packString("type").packString("BlockRemoved");
        p.packString("block_hashes").packArrayHeader(1).packLong(-5);
        KvEventDecoder.Batch batch = KvEventDecoder.decode(p.toByteArray());
        assertEquals(3.0, batch.ts());
        KvEvent.BlockRemoved removed = (KvEvent.BlockRemoved) batch.events().get(0);
        assertArrayEquals(new long[] {-5}, removed.blockHashes());
        assertEquals(Medium.GPU, removed.medium(), "absent medium = GPU");
    }

    @Test
    void sglangArrayLikeWithAttnDpRankAndStorageMedium() throws Exception {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packArrayHeader(3).packDouble(1.0).packArrayHeader(2);
        // SGLang BlockStored: [tag, hashes, parent, tokens, block_size, lora_id, medium]
        p.packArrayHeader(7).packString("BlockStored").packArrayHeader(1).packLong(11).packNil()
                .packArrayHeader(2).packInt(5).packInt(6).packInt(2).packNil().packString("CPU_PINNED");
        p.packArrayHeader(1).packString("AllBlocksCleared");
        p.packInt(2); // attn_dp_rank
        KvEventDecoder.Batch batch = KvEventDecoder.decode(p.toByteArray());
        assertEquals(2, batch.dpRank());
        assertEquals(Medium.CPU, ((KvEvent.BlockStored) batch.events().get(0)).medium());
        // the same in SGLang's map spelling (BlockStoredWithMetadata keeps the tag, adds cache_salt)
        MessageBufferPacker m = MessagePack.newDefaultBufferPacker();
        m.packMapHeader(3).packString("ts").packDouble(1).packString("events").packArrayHeader(1);
        m.packMapHeader(5).packString("type").packString("BlockStored").packString("block_hashes").packArrayHeader(1)
                .packLong(11).packString("token_ids").packArrayHeader(2).packInt(5).packInt(6)
                .packString("block_size").packInt(2).packString("metadata").packMapHeader(1)
                .packString("cache_salt").packString("tenant");
        m.packString("attn_dp_rank").packInt(0);
        KvEventDecoder.Batch salted = KvEventDecoder.decode(m.toByteArray());
        assertEquals(0, salted.dpRank());
        assertArrayEquals(new String[] {"tenant"}, ((KvEvent.BlockStored) salted.events().get(0)).extraKeys());
    }

    @Test
    void unknownEventsAreSkippedAndBrokenBatchesRejected() throws Exception {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packArrayHeader(2).packInt(0).packArrayHeader(2);
        p.packArrayHeader(1).packString("SomethingNew");
        p.packArrayHeader(1).packString("AllBlocksCleared");
        assertEquals(1, KvEventDecoder.decode(p.toByteArray()).events().size());
        assertThrows(KvEventDecoder.MalformedBatchException.class, () -> KvEventDecoder.decode(new byte[] {(byte) 0xc1}));
        assertThrows(KvEventDecoder.MalformedBatchException.class, () -> KvEventDecoder.decode(packed(q -> q.packInt(5))));
        assertThrows(KvEventDecoder.MalformedBatchException.class, () -> KvEventDecoder.decode(packed(q ->
                q.packArrayHeader(2).packInt(0).packArrayHeader(1).packArrayHeader(2).packString("BlockRemoved")
                        .packString("not a list"))));
    }

    /** Garbage, and valid batches with bytes flipped or cut, only ever give a batch or MalformedBatchException. */
    @Test
    void garbageNeverEscapesAsAnotherException() throws Exception {
        byte[] valid = packed(p -> {
            p.packMapHeader(2).packString("ts").packDouble(1).packString("events").packArrayHeader(2);
            p.packArrayHeader(9).packString("BlockStored").packArrayHeader(2).packLong(1).packLong(2).packNil()
                    .packArrayHeader(4).packInt(1).packInt(2).packInt(3).packInt(4).packInt(2).packNil()
                    .packString("GPU").packNil().packNil();
            p.packMapHeader(2).packString("type").packString("BlockRemoved").packString("block_hashes")
                    .packArrayHeader(1).packLong(1);
        });
        Gen<byte[]> mutated = Gen.combine(Gen.ints(0, valid.length - 1), Gen.ints(0, 255), (at, b) -> {
            byte[] copy = valid.clone();
            copy[at] = (byte) (int) b;
            return at % 3 == 0 ? java.util.Arrays.copyOf(copy, at) : copy;
        });
        Gen<byte[]> garbage = Gen.oneOf(Gen.bytes(0, 200), mutated);
        Property.check("decoder never crashes", 500, garbage, bytes -> {
            try {
                KvEventDecoder.decode(bytes);
            } catch (KvEventDecoder.MalformedBatchException expected) {
                // skipped by the subscriber
            }
        });
    }

    interface Packing {
        void pack(MessageBufferPacker p) throws IOException;
    }

    static byte[] packed(Packing packing) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        packing.pack(p);
        return p.toByteArray();
    }

}
