package io.llmrouter.adapters.engines.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.port.EngineMetricsSource.ScrapeException;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.server.InferenceEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two bounds of a scrape, against a loopback engine stand-in that misbehaves on purpose:
 * {@code scrapeTimeout} is the deadline of the whole fetch (a slow drip cannot stretch it), and
 * {@code maxScrapeBytes} stops the reading of a body that is too big.
 */
class HttpEngineMetricsSourceLimitsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    private static final int MIB = 1024 * 1024;
    /** A regression must fail, not hang the build: a drip of 100 ms per byte would last minutes. */
    private static final Duration HANG = Duration.ofSeconds(20);

    private static Pod pod(int port) {
        return new Pod(ObjectMeta.of("default", "pod-a"), "127.0.0.1", OptionalInt.of(port), true);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void drip(OutputStream out, byte[] bytes) throws IOException, InterruptedException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
            Thread.sleep(100);
        }
    }

    private static final String VLLM = Fixtures.text("vllm-current-no-lora.prom");

    private static String head(long contentLength) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: " + contentLength
                + "\r\n\r\n";
    }

    @Test
    void scrape_bodyDrippedOneByteEvery100ms_failsAtTheDeadlineAndClosesTheConnection() throws Exception {
        byte[] body = ascii("# a comment the engine takes a long time to finish\n".repeat(20));
        try (RawEngine engine = new RawEngine((i, out) -> {
            out.write(ascii(head(body.length)));
            drip(out, body);
        })) {
            HttpEngineMetricsSource source = new HttpEngineMetricsSource(Duration.ofMillis(500), MIB, CLOCK);
            long start = System.nanoTime();
            ScrapeException e = assertTimeoutPreemptively(HANG, () -> assertThrows(ScrapeException.class,
                    () -> source.scrape(pod(engine.port()), engine.port(), InferenceEngine.VLLM)));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().contains("no complete response within the scrape timeout of 500 ms"),
                    e.getMessage());
            // Each byte came within the old per-read timeout, so only a deadline of the whole fetch ends it.
            assertTrue(tookMs >= 450 && tookMs < 3_000, "took " + tookMs + " ms");
            // The fetch's socket is closed, not left reading: the engine's next writes fail.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (engine.writeFailedAt.get(0) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(engine.writeFailedAt.get(0) != 0, "the engine could still write after the deadline");
        }
    }

    @Test
    void scrape_statusLineAndHeadersDripped_failAtTheDeadline() throws Exception {
        try (RawEngine engine = new RawEngine((i, out) -> drip(out, ascii(head(VLLM.length()))))) {
            HttpEngineMetricsSource source = new HttpEngineMetricsSource(Duration.ofMillis(500), MIB, CLOCK);
            long start = System.nanoTime();
            ScrapeException e = assertTimeoutPreemptively(HANG, () -> assertThrows(ScrapeException.class,
                    () -> source.scrape(pod(engine.port()), engine.port(), InferenceEngine.VLLM)));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().contains("scrape timeout"), e.getMessage());
            assertTrue(tookMs < 3_000, "took " + tookMs + " ms");
        }
    }

    @Test
    void scrape_afterADeadline_nextScrapeOfTheSameEngineSucceeds() throws Exception {
        byte[] good = VLLM.getBytes(StandardCharsets.UTF_8);
        try (RawEngine engine = new RawEngine((i, out) -> {
            out.write(ascii(head(good.length)));
            if (i == 0) {
                drip(out, good);
            } else {
                out.write(good);
            }
        })) {
            HttpEngineMetricsSource source = new HttpEngineMetricsSource(Duration.ofMillis(300), MIB, CLOCK);
            assertTimeoutPreemptively(HANG, () -> assertThrows(ScrapeException.class,
                    () -> source.scrape(pod(engine.port()), engine.port(), InferenceEngine.VLLM)));
            PodMetrics second = source.scrape(pod(engine.port()), engine.port(), InferenceEngine.VLLM);
            assertTrue(second.kvCapacityTokens() > 0, "capacity " + second.kvCapacityTokens());
            assertEquals(2, engine.connections(), "the cut connection is not reused");
        }
    }

    @Test
    void scrape_tenMibWithContentLength_failsOnTheHeaderWithoutReadingTheBody() throws Exception {
        int size = 10 * MIB;
        try (RawEngine engine = new RawEngine((i, out) -> {
            out.write(ascii(head(size)));
            byte[] line = ascii("# padding padding padding padding padding padding padding padding\n");
            for (int written = 0; written < size; written += line.length) {
                out.write(line, 0, Math.min(line.length, size - written));
            }
        })) {
            HttpEngineMetricsSource source = new HttpEngineMetricsSource(Duration.ofSeconds(10), 4 * MIB, CLOCK);
            ScrapeException e = assertTimeoutPreemptively(HANG, () -> assertThrows(ScrapeException.class,
                    () -> source.scrape(pod(engine.port()), engine.port(), InferenceEngine.VLLM)));
            assertTrue(e.getMessage().contains("body larger than the cap of 4194304 bytes (engineMetrics.maxScrapeBytes)")
                    && e.getMessage().contains("Content-Length is 10485760 bytes"), e.getMessage());
        }
    }

    /** Without a length the body ends when the engine closes, or at the last chunk: here, never. */
    @ParameterizedTest(name = "chunked={0}")
    @ValueSource(booleans = {false, true})
    void scrape_endlessBodyWithoutLength_stopsReadingPastTheCap(boolean chunked) throws Exception {
        byte[] line = ascii("# padding padding padding padding padding padding padding padding\n");
        try (RawEngine engine = new RawEngine((i, out) -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Connection: close\r\n") + "\r\n"));
            byte[] chunk = ascii(Integer.toHexString(line.length * 128) + "\r\n");
            while (true) {
                if (chunked) {
                    out.write(chunk);
                }
                for (int k = 0; k < 128; k++) {
                    out.write(line);
                }
                if (chunked) {
                    out.write(ascii("\r\n"));
                }
            }
        })) {
            HttpEngineMetricsSource source = new HttpEngineMetricsSource(Duration.ofSeconds(15), MIB, CLOCK);
            long start = System.nanoTime();
            ScrapeException e = assertTimeoutPreemptively(HANG, () -> assertThrows(ScrapeException.class,
                    () -> source.scrape(pod(engine.port()), engine.port(), InferenceEngine.VLLM)));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().contains("body larger than the cap of 1048576 bytes")
                    && e.getMessage().contains("goes on past that"), e.getMessage());
            assertTrue(tookMs < 10_000, "stopped by the cap, not the deadline: took " + tookMs + " ms");
        }
    }

    /**
     * An engine may close an idle kept-alive connection at any moment (uvicorn after 5 s); when that
     * close crosses the next scrape's request on the wire, nothing comes back on it. The scrape is an
     * idempotent GET that got no byte of answer, so it is sent again on a fresh connection, not failed.
     */
    @Test
    void scrape_keptAliveConnectionClosedByTheEngineAsTheRequestArrives_retriedOnAFreshConnection() throws Exception {
        byte[] good = VLLM.getBytes(StandardCharsets.UTF_8);
        try (RawEngine engine = RawEngine.keepAlive((connection, request, out) -> {
            if (connection == 0 && request == 1) {
                return false; // the engine's idle close wins the race: the connection ends unanswered
            }
            out.write(ascii(head(good.length)));
            out.write(good);
            return true;
        })) {
            HttpEngineMetricsSource source = new HttpEngineMetricsSource(Duration.ofSeconds(5), MIB, CLOCK);
            assertTrue(source.scrape(pod(engine.port()), engine.port(), InferenceEngine.VLLM).kvCapacityTokens() > 0);
            PodMetrics second = assertTimeoutPreemptively(HANG,
                    () -> source.scrape(pod(engine.port()), engine.port(), InferenceEngine.VLLM));
            assertTrue(second.kvCapacityTokens() > 0, "capacity " + second.kvCapacityTokens());
            assertEquals(2, engine.connections(), "the second scrape went out again on a new connection");
        }
    }

    /** A fresh connection that ends without an answer is the engine's fault: one try, then a failure. */
    @Test
    void scrape_freshConnectionEndsWithoutAnAnswer_failsWithoutEndlessRetries() throws Exception {
        try (RawEngine engine = RawEngine.keepAlive((connection, request, out) -> false)) {
            HttpEngineMetricsSource source = new HttpEngineMetricsSource(Duration.ofSeconds(5), MIB, CLOCK);
            ScrapeException e = assertTimeoutPreemptively(HANG, () -> assertThrows(ScrapeException.class,
                    () -> source.scrape(pod(engine.port()), engine.port(), InferenceEngine.VLLM)));
            assertTrue(e.getMessage().contains("closed the connection without answering"), e.getMessage());
            assertTrue(engine.connections() <= 2, "connections " + engine.connections());
        }
    }

    /** The cap is inclusive: a body of exactly {@code maxScrapeBytes} is read, one byte more is not. */
    @ParameterizedTest(name = "chunked={0}")
    @ValueSource(booleans = {false, true})
    void scrape_bodyOfExactlyTheCap_readAndOneByteMore_refused(boolean chunked) throws Exception {
        byte[] body = VLLM.getBytes(StandardCharsets.UTF_8);
        try (RawEngine engine = new RawEngine((i, out) -> {
            if (chunked) {
                out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
                for (int at = 0; at < body.length; at += 1000) {
                    int n = Math.min(1000, body.length - at);
                    out.write(ascii(Integer.toHexString(n) + "\r\n"));
                    out.write(body, at, n);
                    out.write(ascii("\r\n"));
                }
                out.write(ascii("0\r\n\r\n"));
            } else {
                out.write(ascii(head(body.length)));
                out.write(body);
            }
        })) {
            HttpEngineMetricsSource exact = new HttpEngineMetricsSource(Duration.ofSeconds(5), body.length, CLOCK);
            assertTrue(exact.scrape(pod(engine.port()), engine.port(), InferenceEngine.VLLM).kvCapacityTokens() > 0);
            HttpEngineMetricsSource under = new HttpEngineMetricsSource(Duration.ofSeconds(5), body.length - 1, CLOCK);
            ScrapeException e = assertThrows(ScrapeException.class,
                    () -> under.scrape(pod(engine.port()), engine.port(), InferenceEngine.VLLM));
            assertTrue(e.getMessage().contains("body larger than the cap of " + (body.length - 1)), e.getMessage());
        }
    }
}
