package io.llmrouter.adapters.observe.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.llmrouter.application.observe.ErrorType;
import io.llmrouter.application.observe.RequestRecord;
import io.llmrouter.application.observe.RequestTimings;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The queue between request threads and the writer: bounded, never waited on, drops counted. */
class AccessLoggerTest {

    private static RequestRecord record(String id) {
        return RequestRecord.failed(new RequestRecord.Arrival(Instant.parse("2026-11-25T10:00:00Z"), id, "POST",
                "/v1/completions", "HTTP/1.1"), ErrorType.CLIENT_DISCONNECTED, 499, "gone", RequestTimings.NONE);
    }

    @Test
    void completed_writerStuck_requestsNeverWaitAndOverflowIsCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        StringWriter sink = new StringWriter();
        Writer blocking = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                stuck.countDown();
                await(release);
                sink.write(buf, off, len);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        AccessLogger logger = new AccessLogger(new JsonFormat(), blocking, 2);
        logger.completed(record("first"));
        stuck.await();
        // The writer holds "first"; two fit in the queue; the other 7 are dropped, and nobody waits.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 9; i++) {
                logger.completed(record("r" + i));
            }
        });
        assertEquals(7, logger.dropped());
        release.countDown();
        logger.close();
        assertEquals(3, sink.toString().lines().count(), sink.toString());
    }

    @Test
    void close_linesStillQueued_areWrittenFirst() {
        StringWriter out = new StringWriter();
        AccessLogger logger = new AccessLogger(new TextFormat(), out, 100);
        for (int i = 0; i < 50; i++) {
            logger.completed(record("id-" + i));
        }
        logger.close();
        assertEquals(50, out.toString().lines().count());
        assertEquals("[2026-11-25T10:00:00Z] \"POST /v1/completions HTTP/1.1\" 499 error=client_disconnected:gone "
                + "request_id=id-0 backend_type=none error_origin=client timings=0ms(0+0+0)",
                out.toString().lines().findFirst().orElseThrow());
    }

    /**
     * Requests arriving one by one are written in batches: one flush (one write system call) per
     * interval, not one per request, and the writer is never woken by a request.
     */
    @Test
    void completed_steadyTrickle_isWrittenInBatchesNotLineByLine() throws Exception {
        java.util.concurrent.atomic.AtomicInteger flushes = new java.util.concurrent.atomic.AtomicInteger();
        StringWriter sink = new StringWriter();
        Writer counting = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                sink.write(buf, off, len);
            }

            @Override
            public void flush() {
                flushes.incrementAndGet();
            }

            @Override
            public void close() {
            }
        };
        AccessLogger logger = new AccessLogger(new TextFormat(), counting, 1000);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            logger.completed(record("t" + i));
            Thread.sleep(1);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        logger.close();
        assertEquals(100, sink.toString().lines().count());
        // At most one flush per interval elapsed (plus the first and the last); line by line would be about 100.
        long bound = elapsedMs / AccessLogger.BATCH_INTERVAL.toMillis() + 2;
        org.junit.jupiter.api.Assertions.assertTrue(flushes.get() <= bound,
                flushes.get() + " flushes for 100 lines over " + elapsedMs + " ms (bound " + bound + ")");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
