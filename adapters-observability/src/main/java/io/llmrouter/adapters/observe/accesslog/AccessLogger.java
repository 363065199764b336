package io.llmrouter.adapters.observe.accesslog;

import io.llmrouter.application.observe.RequestObserver;
import io.llmrouter.application.observe.RequestRecord;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one line per {@code /v1/*} request, off the request path: {@link #completed} only offers
 * the record to a bounded queue and never waits; one writer thread takes everything queued, formats
 * and writes it, flushes once, and sleeps {@link #BATCH_INTERVAL} when the queue is empty. When the
 * writer falls behind (a slow disk, a blocked pipe), records that find the queue full are dropped
 * and counted ({@link #dropped}), so logging can never slow or stall a request.
 *
 * <p>The writer polls instead of waiting on the queue: a writer blocked in {@code poll} is woken by
 * every offer, which at thousands of requests per second costs a thread wake-up and a write system
 * call per request (measured: about a fifth of the router's CPU on small requests). Batches cost one
 * of each per interval, and a line reaches the log at most one interval late.
 */
public final class AccessLogger implements RequestObserver, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AccessLogger.class.getName());
    /** How long the writer sleeps when nothing is queued; the most a line is delayed. */
    static final Duration BATCH_INTERVAL = Duration.ofMillis(20);

    /** ArrayBlockingQueue: bounded, and offer() never blocks the request thread. */
    private final BlockingQueue<RequestRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AccessLogFormat format;
    private final Writer out;
    private final Thread writer;
    private volatile boolean closing;

    /** {@code out} is closed by {@link #close} unless it is the process's stdout or stderr (see {@link AccessLogOutput}). */
    public AccessLogger(AccessLogFormat format, Writer out, int queueSize) {
        if (queueSize < 1) {
            throw new IllegalArgumentException("'queueSize' must be >= 1, was " + queueSize);
        }
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.format = format;
        this.out = out;
        this.writer = Thread.ofPlatform().daemon().name("access-log").start(this::drain);
    }

    @Override
    public void completed(RequestRecord record) {
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    /** Lines dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        List<RequestRecord> batch = new ArrayList<>();
        try {
            while (!closing || !queue.isEmpty()) {
                queue.drainTo(batch);
                if (!batch.isEmpty()) {
                    for (RequestRecord r : batch) {
                        write(r);
                    }
                    batch.clear();
                    out.flush();
                }
                if (!closing) {
                    Thread.sleep(BATCH_INTERVAL);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "access log cannot be written any more: " + e.getMessage());
        }
    }

    private void write(RequestRecord r) throws IOException {
        String line;
        try {
            line = format.line(r);
        } catch (RuntimeException e) {
            // A record the formatter chokes on must not stop the log.
            // The stack goes to the log; the access log line says what happened in words, no class name.
            LOG.log(System.Logger.Level.ERROR, "access log: cannot format request " + r.requestId(), e);
            line = "access log: request " + r.requestId() + " could not be formatted (a router bug; the router's log has"
                    + " the details)";
        }
        out.write(line);
        out.write('\n');
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the access log: " + e.getMessage());
        }
    }
}
