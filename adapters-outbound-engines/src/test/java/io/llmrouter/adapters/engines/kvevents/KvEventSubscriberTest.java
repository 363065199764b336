package io.llmrouter.adapters.engines.kvevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.kvcache.KvBlockIndex;
import io.llmrouter.domain.kvcache.RequestKeys;
import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.sim.kvevents.KvEventEncoder;
import io.llmrouter.sim.kvevents.KvEventPublisher;
import io.llmrouter.sim.kvevents.SimKvEvent;
import io.llmrouter.sim.kvevents.VllmBlockHash;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Real ZMQ on loopback: the simulator's publisher (vLLM's wire format) or a raw PUB socket. */
class KvEventSubscriberTest {

    static final ResourceId POD = ResourceId.of("default", "engine-0");
    static final int BLOCK = 4;

    final KvBlockIndex index = new KvBlockIndex(64L << 20, System::nanoTime);
    final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    KvEventSubscriber subscriber(String endpoint, String replay) {
        KvEventSubscriber s = new KvEventSubscriber(index, "", Duration.ofSeconds(2));
        closing.add(s);
        s.subscribe(POD, endpoint, replay);
        return s;
    }

    KvEventPublisher publisher(boolean replay, KvEventEncoder.Encoding encoding) {
        KvEventPublisher p = new KvEventPublisher("tcp://127.0.0.1:*", replay ? "tcp://127.0.0.1:*" : null, "",
                new KvEventEncoder(encoding, false, true, 0), 100);
        closing.add(p);
        return p;
    }

    /** Sequence {@code seq}: one block of 4 tokens, a root block (parent null) of its own. */
    static SimKvEvent.Batch block(int seq) {
        int[] tokens = tokens(seq);
        byte[] hash = VllmBlockHash.block(VllmBlockHash.noneHash("s"), tokens, 0, BLOCK, null);
        return new SimKvEvent.Batch(seq, List.of(new SimKvEvent.BlockStored(List.of(hash), null, tokens, BLOCK, null, "GPU")));
    }

    static int[] tokens(int seq) {
        return new int[] {seq, seq + 1, seq + 2, seq + 3};
    }

    boolean holds(int seq) {
        return index.heldBy(POD, RequestKeys.of(tokens(seq), BLOCK, 1, null, null)[0]) != 0;
    }

    /** ZMQ's slow joiner: batches sent before the subscription is connected are lost, so warm up first. */
    static void warmUp(KvEventPublisher pub, KvEventSubscriber sub) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (sub.batches() == 0 && System.nanoTime() < deadline) {
            pub.publish(new SimKvEvent.Batch(0, List.of(new SimKvEvent.AllBlocksCleared())));
            sleep(20);
        }
        assertTrue(sub.batches() > 0, "subscriber never connected");
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            sleep(10);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aGapIsFilledFromTheReplaySocket() {
        KvEventPublisher pub = publisher(true, KvEventEncoder.Encoding.MAP);
        KvEventSubscriber sub = subscriber("tcp://127.0.0.1:" + pub.port(), "tcp://127.0.0.1:" + pub.replayPort());
        warmUp(pub, sub);
        pub.publish(block(10));
        pub.dropNext(1);
        pub.publish(block(20)); // sequenced and buffered, never sent live
        pub.publish(block(30));
        await("replay", () -> holds(30));
        assertTrue(holds(10));
        assertTrue(holds(20), "the lost batch came through the replay socket");
        assertEquals(1, sub.gaps());
        assertTrue(sub.replayed() >= 1, "replayed " + sub.replayed());
        assertEquals(0, sub.resets());
    }

    @Test
    void aGapWithoutReplayResetsThePod() {
        KvEventPublisher pub = publisher(false, KvEventEncoder.Encoding.ARRAY);
        KvEventSubscriber sub = subscriber("tcp://127.0.0.1:" + pub.port(), null);
        warmUp(pub, sub);
        pub.publish(block(10));
        await("first block", () -> holds(10));
        pub.dropNext(1);
        pub.publish(block(20));
        pub.publish(block(30));
        await("after the gap", () -> holds(30));
        assertTrue(!holds(10), "what was known before the gap cannot be trusted");
        assertTrue(!holds(20));
        assertEquals(1, sub.gaps());
        assertEquals(1, sub.resets());
    }

    @Test
    void aRestartedEngineStartsClean() {
        KvEventPublisher pub = publisher(true, KvEventEncoder.Encoding.MAP);
        KvEventSubscriber sub = subscriber("tcp://127.0.0.1:" + pub.port(), "tcp://127.0.0.1:" + pub.replayPort());
        warmUp(pub, sub);
        pub.publish(block(10));
        pub.publish(block(11));
        await("before restart", () -> holds(11));
        pub.restart(); // sequence back to 0
        pub.publish(block(30));
        await("after restart", () -> holds(30));
        assertTrue(!holds(10) && !holds(11));
        assertEquals(1, sub.restarts());
        assertEquals(0, sub.gaps());
    }

    @Test
    void garbageFramesAreCountedAndSkipped() {
        try (ZContext context = new ZContext()) {
            ZMQ.Socket pub = context.createSocket(SocketType.PUB);
            int port = pub.bindToRandomPort("tcp://127.0.0.1");
            KvEventSubscriber sub = subscriber("tcp://127.0.0.1:" + port, null);
            KvEventEncoder encoder = new KvEventEncoder(KvEventEncoder.Encoding.MAP, false, true, 0);
            long seq = 0;
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (sub.batches() == 0 && System.nanoTime() < deadline) { // warm up with valid messages
                send(pub, seq++, encoder.encode(new SimKvEvent.Batch(0, List.of(new SimKvEvent.AllBlocksCleared()))));
                sleep(20);
            }
            assertTrue(sub.batches() > 0, "subscriber never connected");
            sleep(100); // let the warm-up batches still in flight arrive before the garbage
            long malformedBefore = sub.malformed();
            pub.send("only a topic");
            pub.sendMore("topic");
            pub.send(new byte[8]); // two frames
            pub.sendMore("");
            pub.sendMore(new byte[3]); // a 3-byte sequence number
            pub.send(new byte[] {1});
            send(pub, seq++, new byte[] {(byte) 0xdd, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}); // array32 of 4e9
            send(pub, seq++, "not msgpack at all".getBytes());
            pub.sendMore("");
            pub.sendMore(ByteBuffer.allocate(8).putLong(seq).array());
            pub.sendMore(new byte[0]);
            pub.send(new byte[0]); // four frames
            send(pub, seq, encoder.encode(block(40)));
            await("the valid batch after the garbage", () -> holds(40));
            assertEquals(6, sub.malformed() - malformedBefore);
        }
    }

    static void send(ZMQ.Socket pub, long seq, byte[] payload) {
        pub.sendMore("");
        pub.sendMore(ByteBuffer.allocate(8).putLong(seq).array());
        pub.send(payload);
    }

    @Test
    void unsubscribingForgetsThePod() {
        KvEventPublisher pub = publisher(false, KvEventEncoder.Encoding.MAP);
        KvEventSubscriber sub = subscriber("tcp://127.0.0.1:" + pub.port(), null);
        warmUp(pub, sub);
        pub.publish(block(10));
        await("block", () -> holds(10));
        sub.unsubscribe(POD);
        await("removal", () -> index.blocks() == 0 && !index.hasEvents(POD));
        assertEquals(0, sub.subscribed());
    }
}
