package io.llmrouter.bench.jmh;

import io.llmrouter.adapters.engines.kvevents.KvEventDecoder;
import io.llmrouter.adapters.engines.kvevents.KvEventSubscriber;
import io.llmrouter.domain.kvcache.KvBlockIndex;
import io.llmrouter.domain.kvcache.KvEvent;
import io.llmrouter.domain.kvcache.Medium;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.sim.kvevents.KvEventEncoder;
import io.llmrouter.sim.kvevents.SimKvEvent;
import io.llmrouter.sim.kvevents.VllmBlockHash;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * What the KV block index and the event subscriber cost one router replica, measured:
 * <ol>
 * <li>heap per indexed block: 1 M blocks stored through BlockStored events (chains of 128 blocks of
 *     16 tokens, 64 pods), heap after GC before and after, per block; once with every key on one
 *     pod, once with each key on two pods (shared prefixes);
 * <li>CPU per event: decoding a real-shaped msgpack batch (vLLM map encoding, 8 blocks) and
 *     applying it, per batch and per block;
 * <li>the subscriber for 64 and 512 pods: sockets, threads, heap, and its I/O thread's CPU while every
 *     pod publishes 10 batches a second (each a 8-block BlockStored), over loopback ZMQ.
 * </ol>
 * <pre>java -Xmx2g -cp … io.llmrouter.bench.jmh.KvIndexFootprint</pre>
 */
public final class KvIndexFootprint {

    private KvIndexFootprint() {
    }

    static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Heap bytes per indexed (pod, block) once {@code blocks} are stored, each key on {@code sharing} pods. */
    public static double bytesPerBlock(int blocks, int sharing) {
        long before = usedHeap();
        KvBlockIndex index = new KvBlockIndex(Long.MAX_VALUE / 2, System::nanoTime);
        fill(index, blocks, sharing);
        long after = usedHeap();
        if (index.blocks() != blocks) {
            throw new IllegalStateException("indexed " + index.blocks() + " of " + blocks);
        }
        return (after - before) / (double) index.blocks();
    }

    static void fill(KvBlockIndex index, int blocks, int sharing) {
        SplittableRandom random = new SplittableRandom(7);
        int pods = 64;
        int chain = 128;
        long hash = 1;
        int sequences = blocks / chain / sharing;
        for (int s = 0; s < sequences; s++) {
            int[] tokens = random.ints(chain * 16, 0, 150_000).toArray();
            for (int copy = 0; copy < sharing; copy++) {
                long[] hashes = new long[chain];
                for (int b = 0; b < chain; b++) {
                    hashes[b] = hash++;
                }
                ResourceId pod = ResourceId.of("default", "pod-" + ((s + copy * 17) % pods));
                index.apply(pod, new KvEvent.BlockStored(hashes, null, tokens, 16, null, null, Medium.GPU));
            }
        }
    }

    static byte[] batch(SplittableRandom random, int blocks) {
        List<byte[]> hashes = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            byte[] h = new byte[32];
            random.nextBytes(h);
            hashes.add(h);
        }
        int[] tokens = random.ints(blocks * 16, 0, 150_000).toArray();
        return new KvEventEncoder(KvEventEncoder.Encoding.MAP, false, true, 0).encode(new SimKvEvent.Batch(1.0,
                List.of(new SimKvEvent.BlockStored(hashes, null, tokens, 16, null, "GPU"))));
    }

    /** Nanoseconds to decode and apply one 8-block batch, averaged after warm-up. */
    public static double nanosPerBatch(int batches) throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        byte[][] payloads = new byte[1000][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = batch(random, 8);
        }
        KvBlockIndex index = new KvBlockIndex(256L << 20, System::nanoTime);
        ResourceId pod = ResourceId.of("default", "pod");
        for (int round = 0; round < 2; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                for (KvEvent e : KvEventDecoder.decode(payloads[i % payloads.length]).events()) {
                    index.apply(pod, e);
                }
            }
            if (round == 1) {
                return (System.nanoTime() - start) / (double) batches;
            }
        }
        throw new AssertionError();
    }

    record SubscriberCost(int pods, long heapBytes, int threadsAdded, double cpuPercent, long batches) {
    }

    /** The subscriber's cost for {@code pods} publishers each sending {@code ratePerPod} batches/s for {@code seconds}. */
    public static SubscriberCost subscriberCost(int pods, int ratePerPod, int seconds) throws Exception {
        try (ZContext context = new ZContext()) {
            List<ZMQ.Socket> pubs = new ArrayList<>();
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < pods; i++) {
                ZMQ.Socket pub = context.createSocket(SocketType.PUB);
                ports.add(pub.bindToRandomPort("tcp://127.0.0.1"));
                pubs.add(pub);
            }
            int threadsBefore = Thread.activeCount();
            long heapBefore = usedHeap();
            KvBlockIndex index = new KvBlockIndex(256L << 20, System::nanoTime);
            KvEventSubscriber subscriber = new KvEventSubscriber(index, "", Duration.ofSeconds(2));
            try {
                for (int i = 0; i < pods; i++) {
                    subscriber.subscribe(ResourceId.of("default", "pod-" + i), "tcp://127.0.0.1:" + ports.get(i), null);
                }
                Thread.sleep(1000); // connect
                long heapSubscribed = usedHeap();
                int threadsAdded = Thread.activeCount() - threadsBefore;
                SplittableRandom random = new SplittableRandom(5);
                byte[][] payloads = new byte[256][];
                for (int i = 0; i < payloads.length; i++) {
                    payloads[i] = batch(random, 8);
                }
                Thread io = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("kv-events"))
                        .findFirst().orElseThrow();
                var mx = ManagementFactory.getThreadMXBean();
                long cpuStart = mx.getThreadCpuTime(io.threadId());
                long wallStart = System.nanoTime();
                long[] seq = new long[pods];
                long tickNanos = 1_000_000_000L / ratePerPod;
                for (long t = 0; t < (long) seconds * ratePerPod; t++) {
                    long due = wallStart + t * tickNanos;
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                    for (int p = 0; p < pods; p++) {
                        ZMQ.Socket pub = pubs.get(p);
                        pub.sendMore("");
                        pub.sendMore(ByteBuffer.allocate(8).putLong(seq[p]++).array());
                        pub.send(payloads[(int) ((t + p) % payloads.length)]);
                    }
                }
                Thread.sleep(500);
                long cpu = mx.getThreadCpuTime(io.threadId()) - cpuStart;
                double wall = System.nanoTime() - wallStart;
                return new SubscriberCost(pods, heapSubscribed - heapBefore, threadsAdded, 100.0 * cpu / wall,
                        subscriber.batches());
            } finally {
                subscriber.close();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println("| keys held by | indexed blocks | heap bytes per block | per million blocks |\n|---|---|---|---|");
        for (int sharing : new int[] {1, 2}) {
            double perBlock = bytesPerBlock(1 << 20, sharing);
            System.out.printf(Locale.ROOT, "| %d pod%s | %,d | %.0f | %.0f MiB |%n", sharing, sharing == 1 ? "" : "s",
                    1 << 20, perBlock, perBlock * 1e6 / (1 << 20));
        }
        double ns = nanosPerBatch(200_000);
        System.out.printf(Locale.ROOT, "%ndecode + apply: %.1f µs per 8-block batch (%.2f µs per block)%n", ns / 1000,
                ns / 8000);
        System.out.println("\n| pods | SUB sockets | threads added | heap for subscriptions | I/O thread CPU at 10 batches/s/pod"
                + " | batches applied |\n|---|---|---|---|---|---|");
        for (int pods : new int[] {64, 512}) {
            SubscriberCost c = subscriberCost(pods, 10, 5);
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %.1f MiB | %.1f %% of one core | %,d |%n", pods, pods,
                    c.threadsAdded(), c.heapBytes() / 1048576.0, c.cpuPercent(), c.batches());
        }
    }
}
