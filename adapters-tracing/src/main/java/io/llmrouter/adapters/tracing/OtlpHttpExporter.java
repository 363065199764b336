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

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                List<SpanData> batch = nextBatch();
                if (!batch.isEmpty()) {
                    post(batch);
                }
            } catch (InterruptedException e) {
                if (!running) {
                    drainOnce();
                    return;
                }
            }
        }
    }

    private List<SpanData> nextBatch() throws InterruptedException {
        List<SpanData> batch = new ArrayList<>();
        SpanData first = queue.poll(batchDelay.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        long deadline = System.nanoTime() + batchDelay.toNanos();
        while (batch.size() < BATCH_SIZE) {
            long left = deadline - System.nanoTime();
            SpanData next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void drainOnce() {
        List<SpanData> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (int i = 0; i < rest.size(); i += BATCH_SIZE) {
            post(rest.subList(i, Math.min(rest.size(), i + BATCH_SIZE)));
        }
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
            Thread.currentThread().interrupt();
        }
        dropped.addAndGet(batch.size());
    }

    /** Stops taking spans, sends what is queued (bounded by the post timeout), then stops the worker. */
    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
