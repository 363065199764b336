package io.llmrouter.adapters.engines.metrics;

import static java.util.Objects.requireNonNull;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.port.EngineMetricsSource;
import io.llmrouter.domain.server.InferenceEngine;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scrapes {@code GET http://{pod address}:{port}/metrics} with Helidon WebClient, parses the
 * Prometheus text and translates it with the engine's {@link MetricsTranslator}.
 *
 * <p>Contract: thread-safe, scrapes of different pods may run concurrently. {@code timeout} is the
 * deadline of the whole fetch (connect, response headers and body together), so an engine that
 * drips its body byte by byte cannot hold a scrape longer. {@code maxBodyBytes} caps the body: a
 * {@code Content-Length} over it fails before anything is read, a body without one stops being read
 * once past it. A refused connection, the deadline, a status other than 200, a body over the cap or
 * unparsable text is a {@link ScrapeException} whose message names the URL and the cause; the pod's
 * memory is then left as it was, so the next good scrape's deltas span both intervals.
 * {@code scrapedAt} comes from the injected clock, read when the body has arrived.
 *
 * <p>Memory: the body is read into one byte array (sized from {@code Content-Length}, or grown by
 * doubling up to the cap) and parsed from it, never copied into a String, so a scrape holds about
 * one body at a time. One gap is Helidon's: a chunked body is buffered a whole chunk at a time, so a
 * non-engine server sending a single chunk larger than the cap is held until it fails the cap or the
 * deadline. vLLM, SGLang and TGI all send {@code Content-Length}.
 */
public final class HttpEngineMetricsSource implements EngineMetricsSource {

    /*
     * The deadline: Helidon has a connect timeout and a per-read timeout but no timeout for a whole
     * exchange, and a read blocked in the socket cannot be cut short from outside through its API. So
     * the fetch runs on a virtual thread of its own and the caller waits for it until the deadline;
     * past it the fetch is cancelled, which interrupts that thread, and an interrupted virtual thread
     * blocked on a socket closes the socket (JEP 444). Its connection is then not reused. The fetch
     * thread does nothing but the exchange, so the interrupt reaches no one else.
     */

    private static final int FIRST_BUFFER_BYTES = 64 * 1024;

    private final WebClient client;
    private final Duration timeout;
    private final int maxBodyBytes;
    private final Clock clock;
    private final Map<InferenceEngine, MetricsTranslator> translators = new EnumMap<>(InferenceEngine.class);
    final ScrapeHistory history = new ScrapeHistory();

    /**
     * @param timeout      deadline of one fetch, connect to last body byte; positive
     * @param maxBodyBytes largest body accepted, in bytes; 1 or more
     * @param clock        source of {@code scrapedAt}
     */
    public HttpEngineMetricsSource(Duration timeout, int maxBodyBytes, Clock clock) {
        this.timeout = requireNonNull(timeout, "'timeout' must not be null");
        this.clock = requireNonNull(clock, "'clock' must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("'timeout' must be positive, got " + timeout);
        }
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("'maxBodyBytes' must be 1.." + (Integer.MAX_VALUE - 8) + ", got "
                    + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
        this.client = WebClient.builder()
                .connectTimeout(timeout)
                .followRedirects(false)
                .keepAlive(true)
                .build();
        for (InferenceEngine engine : InferenceEngine.values()) {
            translators.put(engine, MetricsTranslator.forEngine(engine));
        }
    }

    @Override
    public PodMetrics scrape(Pod pod, int port, InferenceEngine engine) throws ScrapeException {
        AtomicReference<ScrapeMemory> slot = history.slot(pod.id());
        String url = "http://" + hostForUrl(pod.address()) + ":" + port + "/metrics";
        Body body = fetchWithinDeadline(url);
        MetricFamilies families;
        try {
            families = PrometheusTextParser.parse(body.bytes(), body.length());
        } catch (MetricsParseException e) {
            throw new ScrapeException(url + ": not Prometheus text, " + e.getMessage(), e);
        }
        var scrapedAt = clock.instant();
        MetricsTranslator translator = translators.get(engine);
        return ScrapeHistory.commit(slot, previous -> translator.translate(families, previous, scrapedAt));
    }

    @Override
    public void forget(Pod pod) {
        history.forget(pod.id());
    }

    /** The first {@code length} bytes of {@code bytes} are the body. */
    private record Body(byte[] bytes, int length) {
    }

    private Body fetchWithinDeadline(String url) throws ScrapeException {
        FutureTask<Body> fetch = new FutureTask<>(() -> fetch(url));
        Thread.ofVirtual().name("metrics-fetch " + url).start(fetch);
        try {
            return fetch.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            fetch.cancel(true);
            throw new ScrapeException(url + ": no complete response within the scrape timeout of "
                    + timeout.toMillis() + " ms (engineMetrics.scrapeTimeout)");
        } catch (InterruptedException e) {
            fetch.cancel(true);
            Thread.currentThread().interrupt();
            throw new ScrapeException(url + ": scrape interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ScrapeException failure) {
                throw failure;
            }
            throw new ScrapeException(url + ": " + describe(e.getCause()), e.getCause());
        }
    }

    /*
     * An engine closes idle kept-alive connections on its own clock (uvicorn after 5 s), so the close
     * can cross the next scrape's request on the wire and that request gets no answer at all. A GET
     * that got no byte back is safe to send again, so it goes once more, on a fresh connection (the
     * client does not return a failed connection to its pool): browsers and Go's client do the same.
     * Once, because a fresh connection that ends unanswered is the engine's fault, not a race.
     */
    private Body fetch(String url) throws ScrapeException {
        try {
            return fetchOnce(url);
        } catch (Unanswered first) {
            try {
                return fetchOnce(url);
            } catch (Unanswered again) {
                throw new ScrapeException(url + ": the engine closed the connection without answering", again);
            }
        }
    }

    /** The connection ended before the first byte of the response: nothing of the scrape was answered. */
    private static final class Unanswered extends Exception {
        Unanswered(Throwable cause) {
            super(cause);
        }
    }

    private Body fetchOnce(String url) throws ScrapeException, Unanswered {
        HttpClientResponse sent;
        try {
            sent = client.get(url)
                    .readTimeout(timeout)
                    .header(HeaderNames.ACCEPT, "text/plain;version=0.0.4")
                    .request();
        } catch (RuntimeException e) {
            if (endedUnanswered(e)) {
                throw new Unanswered(e);
            }
            if (refusedConnection(e)) {
                throw ScrapeException.unreachable(url + ": " + describe(e), e);
            }
            throw new ScrapeException(url + ": " + describe(e), e);
        }
        try (HttpClientResponse response = sent) {
            int status = response.status().code();
            if (status != 200) {
                throw new ScrapeException(url + ": HTTP " + status + " instead of 200");
            }
            return readCapped(url, response);
        } catch (RuntimeException e) {
            throw new ScrapeException(url + ": " + describe(e), e);
        }
    }

    /**
     * Whether the connection ended before the response's head was read: at its end (the engine's
     * FIN) or reset (an engine that closed with the request unread in its buffer).
     */
    static boolean endedUnanswered(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataReader.InsufficientDataAvailableException
                    || t instanceof java.net.SocketException s && s.getMessage() != null
                            && s.getMessage().startsWith("Connection reset")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure was in making the connection at all: a pod that refuses or cannot be routed
     * to is down, whereas one that answers slowly or strangely is merely unreadable.
     */
    static boolean refusedConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException
                    || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** Reads at most {@code maxBodyBytes + 1} bytes: one past the cap is enough to know the body is too big. */
    private Body readCapped(String url, HttpClientResponse response) throws ScrapeException {
        OptionalLong declared = response.headers().contentLength().stream()
                .filter(n -> n >= 0).findFirst();
        if (declared.isPresent() && declared.getAsLong() > maxBodyBytes) {
            throw tooLarge(url, "its Content-Length is " + declared.getAsLong() + " bytes");
        }
        byte[] buffer = new byte[declared.isPresent() ? (int) declared.getAsLong()
                : Math.min(FIRST_BUFFER_BYTES, maxBodyBytes + 1)];
        int length = 0;
        try (InputStream in = response.inputStream()) {
            while (true) {
                if (length == buffer.length) {
                    if (length > maxBodyBytes) {
                        throw tooLarge(url, "it goes on past that");
                    }
                    // Probe for the end first, so that a body filling the buffer exactly costs no copy.
                    int next = in.read();
                    if (next < 0) {
                        break;
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(maxBodyBytes + 1L,
                            Math.max(2L * buffer.length, FIRST_BUFFER_BYTES)));
                    buffer[length++] = (byte) next;
                    continue;
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
        } catch (IOException e) {
            throw new ScrapeException(url + ": " + describe(e), e);
        }
        return new Body(buffer, length);
    }

    private ScrapeException tooLarge(String url, String why) {
        return new ScrapeException(url + ": body larger than the cap of " + maxBodyBytes
                + " bytes (engineMetrics.maxScrapeBytes), " + why + "; not read further");
    }

    /** An IPv6 literal needs brackets in a URL. */
    static String hostForUrl(String address) {
        return address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    private static String describe(Throwable e) {
        return io.llmrouter.adapters.engines.forward.FailureText.describe(e);
    }
}
