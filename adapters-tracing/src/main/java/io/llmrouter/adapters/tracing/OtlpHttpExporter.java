package io.llmrouter.adapters.tracing;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends finished spans to an OTLP/HTTP collector ({@code POST <endpoint>}, JSON) in batches, off
 * the request path.
 *
 * <p>Request threads only {@link #offer}: a non-blocking insert into a bounded queue; when the queue
 * is full (collector down or slow) the span is dropped and counted, so tracing can never slow or
 * stall requests nor grow memory without bound. One background thread takes up to {@code batchSize}
 * spans, waiting at most {@code batchDelay} for a batch to fill, and posts it; a failed post is
 * logged and the batch dropped (spans are diagnostics, not data worth a retry storm).
 */
public final class OtlpHttpExporter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OtlpHttpExporter.class.getName());
    static final int QUEUE_CAPACITY = 4096;
    static final int BATCH_SIZE = 512;

    private final URI endpoint;
    private final OtlpJsonEncoder encoder;
    private final Duration batchDelay;
    /** Bounded, lock-based but never waited on by producers (offer only). */
    private final ArrayBlockingQueue<SpanData> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong exported = new AtomicLong();
    /** Put in the queue by close() to wake the worker without interrupting a post under way. */
    private static final SpanData WAKE_UP = new SpanData("", "", "", "", 0, 0, 0, List.of(), null);
    private final Thread worker;
    private volatile boolean running = true;

    public OtlpHttpExporter(URI endpoint, String serviceName, Duration batchDelay) {
        this.endpoint = endpoint;
        this.encoder = new OtlpJsonEncoder(serviceName);
        this.batchDelay = batchDelay;
        this.worker = Thread.ofPlatform().daemon().name("otlp-exporter").start(this::run);
    }

    /** Never blocks: a full queue drops the span. */
    void offer(SpanData span) {
        if (!running || !queue.offer(span)) {
            dropped.incrementAndGet();
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public long exported() {
        return exported.get();
    }

    /** The worker: batches until closed, then sends whatever is still queued and stops. */
    private void run() {
        while (running) {
            List<SpanData> batch = nextBatch();
            if (!batch.isEmpty()) {
                post(batch);
            }
        }
        List<SpanData> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.removeIf(span -> span == WAKE_UP);
        for (int i = 0; i < rest.size(); i += BATCH_SIZE) {
            post(rest.subList(i, Math.min(rest.size(), i + BATCH_SIZE)));
        }
    }

    /**
     * Up to {@code BATCH_SIZE} spans, waiting at most {@code batchDelay} for the first and then for
     * the rest; {@link #close}'s wake-up ends the wait early with the spans taken so far.
     */
    private List<SpanData> nextBatch() {
        List<SpanData> batch = new ArrayList<>();
        try {
            SpanData first = queue.poll(batchDelay.toMillis(), TimeUnit.MILLISECONDS);
            if (first == null || first == WAKE_UP) {
                return batch;
            }
            batch.add(first);
            long deadline = System.nanoTime() + batchDelay.toNanos();
            while (batch.size() < BATCH_SIZE) {
                long left = deadline - System.nanoTime();
                SpanData next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                if (next == null || next == WAKE_UP) {
                    break;
                }
                batch.add(next);
            }
        } catch (InterruptedException e) {
            // Nobody else interrupts this thread; if it happens, stop like close() would.
            running = false;
        }
        return batch;
    }

    private void post(List<SpanData> batch) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(encoder.encode(batch))).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                exported.addAndGet(batch.size());
                return;
            }
            LOG.log(Level.WARNING, "OTLP collector {0} answered {1}; {2} spans dropped", endpoint,
                    response.statusCode(), batch.size());
        } catch (java.io.IOException e) {
            LOG.log(Level.WARNING, "OTLP collector {0} unreachable ({1}); {2} spans dropped", endpoint, e.getMessage(),
                    batch.size());
        } catch (InterruptedException e) {
            running = false;
            LOG.log(Level.WARNING, "OTLP export to {0} interrupted; {1} spans dropped", endpoint, batch.size());
        }
        dropped.addAndGet(batch.size());
    }

    /** Stops taking spans, sends what is queued (bounded by the post timeout), then stops the worker. */
    @Override
    public void close() {
        running = false;
        // A full queue needs no wake-up: the worker is not waiting then.
        queue.offer(WAKE_UP);
        try {
            worker.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The client's selector thread would otherwise outlive the router (one per router in tests).
        http.shutdownNow();
    }
}
