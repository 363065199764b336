package io.llmrouter.adapters.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Disconnects clients that stop reading: a write to a client blocked longer than the write timeout
 * (nginx's {@code send_timeout}) ends the request, so a client that stalls cannot hold its engine
 * generating and its stream open forever.
 *
 * <p>The relay is plain blocking code: when the client's socket buffer is full, the write blocks and
 * the relay stops reading from the engine, so a slow reader costs bounded memory (the two sockets'
 * buffers) and the engine sees backpressure. Java sockets have no write timeout, so one daemon
 * thread looks at the writes in progress every {@link #tick}; a write blocked past the timeout gets
 * its thread interrupted, which for a virtual thread blocked on a socket closes that socket (JEP
 * 444). The write then fails as a client gone away, and the relay closes the engine connection,
 * which cancels the generation.
 *
 * <p>Cost per write: two uncontended compare-and-sets. A write that blocks less than a tick is never
 * looked at.
 */
public final class StalledWrites implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StalledWrites.class.getName());

    /** A writer's stamp once the watchdog has cut its write. */
    private static final long STALLED = -1;

    private final long timeoutNanos;
    /** Held while a cut interrupts, so that the cut writer clears exactly that interrupt and no later one. */
    private final ReentrantLock cut = new ReentrantLock();
    private final Duration tick;
    private final Set<Writer> writers = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param timeout how long one write may block; positive */
    public StalledWrites(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("'timeout' must be positive, got " + timeout);
        }
        this.timeoutNanos = timeout.toNanos();
        this.tick = timeout.dividedBy(4).compareTo(Duration.ofSeconds(1)) < 0 ? timeout.dividedBy(4) : Duration.ofSeconds(1);
        this.thread = Thread.ofPlatform().daemon().name("stalled-writes").start(this::run);
    }

    public Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }

    /** The writer of one response, on the calling thread; {@link Writer#close} when the response has ended. */
    Writer writer() {
        Writer writer = new Writer(Thread.currentThread());
        writers.add(writer);
        return writer;
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Writer w : writers) {
                long since = w.writingSince.get();
                if (since > 0 && now - since > timeoutNanos) {
                    cut.lock();
                    try {
                        // Only a write still blocked is cut: one that returned meanwhile has reset the stamp.
                        if (!w.writingSince.compareAndSet(since, STALLED)) {
                            continue;
                        }
                        w.thread.interrupt();
                    } finally {
                        cut.unlock();
                    }
                    LOG.log(System.Logger.Level.INFO, "a client has not read its response for {0} ms: disconnecting it",
                            (now - since) / 1_000_000);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    /** Marks the writes of one response. Not shared between threads except with the watchdog. */
    final class Writer implements AutoCloseable {
        private final Thread thread;
        /** When the write in progress began (nanoTime, at least 1); 0 between writes; STALLED once cut. */
        private final AtomicLong writingSince = new AtomicLong();

        private Writer(Thread thread) {
            this.thread = thread;
        }

        void writing() {
            writingSince.compareAndSet(0, Math.max(1, System.nanoTime()));
        }

        /**
         * The write returned or failed. If the watchdog cut it, the thread's interrupt is cleared here
         * (it was meant for the blocked write only) and true is returned; the socket is closed by then.
         */
        boolean done() {
            // One atomic step: either the watchdog's cut came first (and its interrupt is cleared below),
            // or this reset does, and the watchdog's compare-and-set fails, so it interrupts nothing.
            if (writingSince.getAndSet(0) == STALLED) {
                cut.lock();
                try {
                    Thread.interrupted();
                } finally {
                    cut.unlock();
                }
                return true;
            }
            return false;
        }

        @Override
        public void close() {
            done();
            writers.remove(this);
        }
    }
}
