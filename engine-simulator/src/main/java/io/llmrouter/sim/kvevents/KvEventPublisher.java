package io.llmrouter.sim.kvevents;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * vLLM's {@code ZmqEventPublisher}, in Java: a PUB socket sending {@code [topic, seq (8-byte
 * big-endian, from 0), msgpack EventBatch]} per batch, and an optional ROUTER replay socket that
 * answers {@code [identity, "", start_seq]} with every buffered batch from {@code start_seq} on,
 * then {@code seq = -1} and an empty payload. The last {@code bufferSteps} batches are kept for
 * replay (vLLM: 10,000).
 *
 * <p>Threads: batches are queued by the engine thread and sent by this publisher's own thread,
 * which alone touches the sockets (ZMQ sockets are not thread-safe). {@link #restart()} emulates an
 * engine restart: the sequence starts again at 0 and the replay buffer is emptied.
 */
public final class KvEventPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KvEventPublisher.class.getName());
    private static final Object RESTART = new Object();

    private final ZContext context = new ZContext();
    private final ZMQ.Socket pub;
    private final ZMQ.Socket replay;
    private final String topic;
    private final KvEventEncoder encoder;
    private final int bufferSteps;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>(100_000);
    private final ArrayDeque<long[]> bufferedSeqs = new ArrayDeque<>();
    private final ArrayDeque<byte[]> bufferedPayloads = new ArrayDeque<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final int port;
    private final int replayPort;
    private long seq;
    private volatile long published;
    private volatile long skipNext;

    /**
     * @param endpoint e.g. {@code tcp://127.0.0.1:5557} or {@code tcp://127.0.0.1:*} (a free port)
     * @param replayEndpoint null for no replay socket
     */
    public KvEventPublisher(String endpoint, String replayEndpoint, String topic, KvEventEncoder encoder, int bufferSteps) {
        this.topic = topic;
        this.encoder = encoder;
        this.bufferSteps = bufferSteps;
        this.pub = context.createSocket(SocketType.PUB);
        pub.setSndHWM(100_000);
        this.port = bind(pub, endpoint);
        if (replayEndpoint != null) {
            this.replay = context.createSocket(SocketType.ROUTER);
            this.replayPort = bind(replay, replayEndpoint);
        } else {
            this.replay = null;
            this.replayPort = -1;
        }
        this.thread = new Thread(this::loop, "sim-kv-events");
        thread.setDaemon(true);
        thread.start();
    }

    private static int bind(ZMQ.Socket socket, String endpoint) {
        if (endpoint.endsWith(":*") || endpoint.endsWith(":0")) {
            return socket.bindToRandomPort(endpoint.substring(0, endpoint.lastIndexOf(':')));
        }
        socket.bind(endpoint);
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    public int port() {
        return port;
    }

    public int replayPort() {
        return replayPort;
    }

    /** Batches sent so far (since start, across restarts). */
    public long published() {
        return published;
    }

    /** Queues a batch; dropped (with a warning) if the queue is full, as vLLM drops past max_queue_size. */
    public void publish(SimKvEvent.Batch batch) {
        if (!queue.offer(batch)) {
            LOG.warning("KV event queue full, batch dropped");
        }
    }

    /** The sequence starts again at 0 and the replay buffer is emptied, as after an engine restart. */
    public void restart() {
        queue.offer(RESTART);
    }

    /**
     * For tests: the next batch is numbered {@code next} and the numbers go on from there. This is
     * what a subscriber hears from a restarted engine whose first {@code next} batches it missed
     * while reconnecting: numbers that seem to continue the previous process's sequence.
     */
    public void sequenceFrom(long next) {
        queue.offer(new SequenceFrom(next));
    }

    private record SequenceFrom(long next) {
    }

    /** For tests: the next {@code n} batches take a sequence number but are not sent (a gap subscribers see). */
    public void dropNext(int n) {
        skipNext = n;
    }

    private void loop() {
        try {
            while (running.get()) {
                Object next = queue.poll(20, TimeUnit.MILLISECONDS);
                if (next == RESTART) {
                    seq = 0;
                    bufferedSeqs.clear();
                    bufferedPayloads.clear();
                } else if (next instanceof SequenceFrom from) {
                    seq = from.next();
                } else if (next instanceof SimKvEvent.Batch batch) {
                    send(batch);
                }
                serviceReplay();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running.get()) {
                LOG.log(Level.WARNING, "KV event publisher stopped", e);
            }
        }
    }

    private void send(SimKvEvent.Batch batch) {
        byte[] payload = encoder.encode(batch);
        long s = seq++;
        bufferedSeqs.addLast(new long[] {s});
        bufferedPayloads.addLast(payload);
        while (bufferedSeqs.size() > bufferSteps) {
            bufferedSeqs.removeFirst();
            bufferedPayloads.removeFirst();
        }
        if (skipNext > 0) {
            skipNext--;
            return;
        }
        pub.sendMore(topic.getBytes(StandardCharsets.UTF_8));
        pub.sendMore(ByteBuffer.allocate(8).putLong(s).array());
        pub.send(payload);
        published++;
    }

    private void serviceReplay() {
        if (replay == null) {
            return;
        }
        ZMsg request;
        while ((request = ZMsg.recvMsg(replay, ZMQ.DONTWAIT)) != null) {
            if (request.size() != 3) {
                request.destroy();
                continue; // vLLM ignores other shapes
            }
            byte[] identity = request.pop().getData();
            request.pop();
            long start = ByteBuffer.wrap(request.pop().getData()).getLong();
            var seqs = bufferedSeqs.iterator();
            var payloads = bufferedPayloads.iterator();
            while (seqs.hasNext()) {
                long s = seqs.next()[0];
                byte[] payload = payloads.next();
                if (s >= start) {
                    replay.sendMore(identity);
                    replay.sendMore(new byte[0]);
                    replay.sendMore(ByteBuffer.allocate(8).putLong(s).array());
                    replay.send(payload);
                }
            }
            replay.sendMore(identity);
            replay.sendMore(new byte[0]);
            replay.sendMore(ByteBuffer.allocate(8).putLong(-1).array());
            replay.send(new byte[0]);
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }
}
