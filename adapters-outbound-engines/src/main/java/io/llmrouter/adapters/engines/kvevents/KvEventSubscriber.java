package io.llmrouter.adapters.engines.kvevents;

import io.llmrouter.domain.kvcache.KvBlockIndex;
import io.llmrouter.domain.kvcache.KvEvent;
import io.llmrouter.domain.resource.ResourceId;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * Subscribes to every engine pod's KV events (vLLM / SGLang ZMQ PUB, second-wave.md §2e) and applies
 * them to the {@link KvBlockIndex}: one SUB socket per pod, all owned by one I/O thread (ZMQ sockets
 * are single-threaded; one poller serves hundreds of pods without a thread each).
 *
 * <pre>
 * message: exactly [topic, seq (8 bytes, big-endian), msgpack EventBatch]; anything else is counted
 *          as malformed and skipped, as is a payload that does not decode
 * seq == expected      apply, expected + 1 (the first message sets expected)
 * seq &gt; expected       a gap: with a replay endpoint, ask it [\"\", expected] (DEALER → ROUTER), hold
 *                      live messages until the end marker (seq −1), apply the replayed and then the
 *                      held ones in order; without one (or if the replay cannot fill the gap, or
 *                      times out) the pod's entries are reset and the stream is taken from here
 * seq &lt; expected       the engine restarted (its sequence starts at 0 again): reset, then apply
 * </pre>
 * A restart the sequence hides (the new process's first batches missed while reconnecting, so its
 * numbers seem to continue, or a replay answered from the new process's buffer) is caught by the
 * engine's start time instead: each stored block keeps its batch's {@code ts}, and
 * {@link KvBlockIndex#engineStarted} drops those older than the process now running.
 *
 * Commands (subscribe, unsubscribe) are queued by any thread and carried out by the I/O thread
 * between polls; an unsubscribed pod's entries are removed from the index.
 */
public final class KvEventSubscriber implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KvEventSubscriber.class.getName());
    private static final int POLL_MILLIS = 20;
    private static final int MAX_HELD = 10_000;

    private final KvBlockIndex index;
    private final String topic;
    private final Duration replayTimeout;
    private final ZContext context = new ZContext();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private static final long UNHEARD_RECREATE_NANOS = 3_000_000_000L;
    private final Map<ResourceId, Feed> feeds = new HashMap<>(); // I/O thread only
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private volatile int subscribed;

    /** One pod's stream. */
    private static final class Feed {
        final ResourceId pod;
        final String endpoint;
        ZMQ.Socket sub;
        final ZMQ.Socket replay;
        /** Whether anything arrived since the SUB socket was created, and when it was. */
        boolean heard;
        long createdNanos = System.nanoTime();
        long expected = -1;
        boolean replaying;
        long replayDeadline;
        final ArrayDeque<Object[]> held = new ArrayDeque<>(); // {Long seq, byte[] payload}

        Feed(ResourceId pod, String endpoint, ZMQ.Socket sub, ZMQ.Socket replay) {
            this.pod = pod;
            this.endpoint = endpoint;
            this.sub = sub;
            this.replay = replay;
        }
    }

    /** @param topic the topic prefix to subscribe to ({@code ""} for all, vLLM's default) */
    public KvEventSubscriber(KvBlockIndex index, String topic, Duration replayTimeout) {
        this.index = index;
        this.topic = topic;
        this.replayTimeout = replayTimeout;
        this.thread = Thread.ofPlatform().daemon().name("kv-events").unstarted(this::loop);
        thread.start();
    }

    /**
     * Subscribes to the pod's publisher at {@code endpoint} (e.g. {@code tcp://10.0.0.5:5557}), with an
     * optional replay endpoint (null for none). Subscribing again to another endpoint replaces the feed.
     */
    public void subscribe(ResourceId pod, String endpoint, String replayEndpoint) {
        commands.add(() -> {
            Feed old = feeds.get(pod);
            if (old != null) {
                if (old.endpoint.equals(endpoint)) {
                    return;
                }
                drop(old);
            }
            ZMQ.Socket sub = subSocket(endpoint);
            ZMQ.Socket replay = null;
            if (replayEndpoint != null) {
                replay = context.createSocket(SocketType.DEALER);
                replay.setLinger(0);
                replay.connect(replayEndpoint);
            }
            feeds.put(pod, new Feed(pod, endpoint, sub, replay));
            subscribed = feeds.size();
        });
    }

    private ZMQ.Socket subSocket(String endpoint) {
        ZMQ.Socket sub = context.createSocket(SocketType.SUB);
        sub.setRcvHWM(100_000);
        sub.setReconnectIVL(200);
        sub.setReconnectIVLMax(5000);
        sub.subscribe(topic.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sub.connect(endpoint);
        return sub;
    }

    /**
     * A SUB socket that has heard nothing since it was created is made again every
     * {@link #UNHEARD_RECREATE_NANOS}: a subscription that never completed its handshake (seen now
     * and then, the publisher sending all along) then gets a fresh one, and an idle engine's feed
     * costs a reconnect every few seconds until its first event. Once anything arrived, silence is
     * just an idle engine.
     */
    private boolean recreateUnheard(long now) {
        boolean recreated = false;
        for (Feed feed : feeds.values()) {
            if (!feed.heard && now - feed.createdNanos > UNHEARD_RECREATE_NANOS) {
                feed.sub.close();
                feed.sub = subSocket(feed.endpoint);
                feed.createdNanos = now;
                recreated = true;
            }
        }
        return recreated;
    }

    public void unsubscribe(ResourceId pod) {
        commands.add(() -> {
            Feed feed = feeds.remove(pod);
            if (feed != null) {
                drop(feed);
            }
            index.removePod(pod);
            subscribed = feeds.size();
        });
    }

    public KvBlockIndex index() {
        return index;
    }

    public int subscribed() {
        return subscribed;
    }

    public long batches() {
        return batches.get();
    }

    public long malformed() {
        return malformed.get();
    }

    public long gaps() {
        return gaps.get();
    }

    /** Batches recovered through a replay socket. */
    public long replayed() {
        return replayed.get();
    }

    /** Times a pod's entries were reset because lost events could not be recovered. */
    public long resets() {
        return resets.get();
    }

    public long restarts() {
        return restarts.get();
    }

    private void loop() {
        List<Feed> polled = new ArrayList<>();
        ZMQ.Poller poller = null;
        while (running.get()) {
            try {
                boolean changed = recreateUnheard(System.nanoTime());
                Runnable command;
                while ((command = commands.poll()) != null) {
                    command.run();
                    changed = true;
                }
                if (changed || poller == null) {
                    if (poller != null) {
                        poller.close();
                    }
                    poller = context.createPoller(Math.max(1, 2 * feeds.size()));
                    polled.clear();
                    for (Feed feed : feeds.values()) {
                        polled.add(feed);
                        poller.register(feed.sub, ZMQ.Poller.POLLIN);
                        if (feed.replay != null) {
                            poller.register(feed.replay, ZMQ.Poller.POLLIN);
                        }
                    }
                }
                if (polled.isEmpty()) {
                    Thread.sleep(POLL_MILLIS);
                    continue;
                }
                poller.poll(POLL_MILLIS);
                long now = System.nanoTime();
                for (Feed feed : polled) {
                    drain(feed);
                    if (feed.replaying && now - feed.replayDeadline > 0) {
                        LOG.warning(() -> "KV event replay from " + feed.pod + " timed out; its entries are reset");
                        endReplay(feed, true);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                LOG.log(Level.WARNING, "KV event subscriber loop error (continuing)", e);
            }
        }
    }

    /** Reads everything waiting on the pod's sockets, without blocking. */
    private void drain(Feed feed) {
        ZMsg msg;
        int budget = 1000; // fairness between pods
        while (budget-- > 0 && (msg = ZMsg.recvMsg(feed.sub, ZMQ.DONTWAIT)) != null) {
            onLive(feed, msg);
        }
        if (feed.replay != null) {
            while ((msg = ZMsg.recvMsg(feed.replay, ZMQ.DONTWAIT)) != null) {
                onReplay(feed, msg);
            }
        }
    }

    private void onLive(Feed feed, ZMsg msg) {
        feed.heard = true;
        if (msg.size() != 3) {
            malformed.incrementAndGet();
            msg.destroy();
            return;
        }
        msg.pop(); // topic: the subscription already filtered it
        byte[] seqBytes = msg.pop().getData();
        byte[] payload = msg.pop().getData();
        if (seqBytes.length != 8) {
            malformed.incrementAndGet();
            return;
        }
        long seq = ByteBuffer.wrap(seqBytes).getLong();
        if (feed.replaying) {
            if (feed.held.size() >= MAX_HELD) {
                endReplay(feed, true);
            } else {
                feed.held.addLast(new Object[] {seq, payload});
                return;
            }
        }
        inOrder(feed, seq, payload);
    }

    private void inOrder(Feed feed, long seq, byte[] payload) {
        if (feed.expected < 0 || seq == feed.expected) {
            apply(feed, payload);
            feed.expected = seq + 1;
        } else if (seq < feed.expected) {
            restarts.incrementAndGet();
            LOG.info(() -> "KV events of " + feed.pod + " restarted at seq " + seq + " (expected " + feed.expected
                    + "): the engine restarted, its entries are reset");
            index.reset(feed.pod);
            apply(feed, payload);
            feed.expected = seq + 1;
        } else if (feed.replay != null && !feed.replaying) {
            gaps.incrementAndGet();
            feed.replaying = true;
            feed.replayDeadline = System.nanoTime() + replayTimeout.toNanos();
            feed.held.addLast(new Object[] {seq, payload});
            feed.replay.sendMore(new byte[0]);
            feed.replay.send(ByteBuffer.allocate(8).putLong(feed.expected).array());
        } else {
            gaps.incrementAndGet();
            resets.incrementAndGet();
            index.reset(feed.pod);
            apply(feed, payload);
            feed.expected = seq + 1;
        }
    }

    /** A replay reply: {@code ["", seq, payload]}, ending with {@code seq = -1}. */
    private void onReplay(Feed feed, ZMsg msg) {
        if (!feed.replaying) {
            msg.destroy();
            return; // a late answer to a replay given up on
        }
        if (msg.size() != 3) {
            malformed.incrementAndGet();
            msg.destroy();
            return;
        }
        msg.pop();
        byte[] seqBytes = msg.pop().getData();
        byte[] payload = msg.pop().getData();
        long seq = seqBytes.length == 8 ? ByteBuffer.wrap(seqBytes).getLong() : Long.MIN_VALUE;
        if (seq == -1) {
            endReplay(feed, false);
        } else if (seq == feed.expected) {
            apply(feed, payload);
            replayed.incrementAndGet();
            feed.expected++;
        }
        // older seqs were applied already; a jump means the engine's buffer no longer holds the gap,
        // which the held messages then reveal (handled in endReplay)
    }

    /** Applies the live messages held during the replay; a gap still open resets the pod. */
    private void endReplay(Feed feed, boolean failed) {
        feed.replaying = false;
        if (failed) {
            resets.incrementAndGet();
            index.reset(feed.pod);
            feed.expected = -1;
        }
        while (!feed.held.isEmpty()) {
            Object[] m = feed.held.pollFirst();
            long seq = (Long) m[0];
            if (feed.expected >= 0 && seq < feed.expected) {
                continue; // also replayed
            }
            if (feed.expected >= 0 && seq > feed.expected) {
                resets.incrementAndGet();
                index.reset(feed.pod);
                feed.expected = -1;
            }
            inOrder(feed, seq, (byte[]) m[1]);
        }
    }

    private void apply(Feed feed, byte[] payload) {
        KvEventDecoder.Batch batch;
        try {
            batch = KvEventDecoder.decode(payload);
        } catch (KvEventDecoder.MalformedBatchException e) {
            long n = malformed.incrementAndGet();
            if (Long.bitCount(n) == 1) { // 1st, 2nd, 4th, 8th…: visible without flooding the log
                LOG.warning("malformed KV event batch from " + feed.pod + " skipped (" + n + " so far): " + e.getMessage());
            }
            return;
        }
        // the engine's clock, carried with each stored block, tells this engine process's blocks from an
        // earlier one's when a restart is noticed only later, from its start time (KvBlockIndex.engineStarted)
        double ts = batch.ts();
        long engineMillis = ts > 0 && ts < 1e11 ? (long) (ts * 1000) : 0;
        for (KvEvent event : batch.events()) {
            index.apply(feed.pod, event, engineMillis);
        }
        batches.incrementAndGet();
    }

    private void drop(Feed feed) {
        feed.sub.close();
        if (feed.replay != null) {
            feed.replay.close();
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
