package io.llmrouter.adapters.engines.metrics;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.port.EngineMetricsSource;
import io.llmrouter.domain.server.InferenceEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scrapes {@code GET http://{pod address}:{port}/metrics} with Helidon WebClient, parses the
 * Prometheus text and translates it with the engine's {@link MetricsTranslator}.
 *
 * <p>Contract: thread-safe, scrapes of different pods may run concurrently. The timeout bounds the
 * connect and every read of one scrape. A refused connection, a timeout, a status other than 200, a
 * body over {@value #MAX_BODY_BYTES} bytes or unparsable text is a {@link ScrapeException} whose
 * message names the URL and the cause; the pod's memory is then left as it was, so the next good
 * scrape's deltas span both intervals. {@code scrapedAt} comes from the injected clock, read when the
 * body has arrived.
 */
public final class HttpEngineMetricsSource implements EngineMetricsSource {

    /** vLLM with many stale LoRA series stays far below this; a bigger body is not an exporter. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final WebClient client;
    private final Duration timeout;
    private final Clock clock;
    private final Map<InferenceEngine, MetricsTranslator> translators = new EnumMap<>(InferenceEngine.class);
    final ScrapeHistory history = new ScrapeHistory();

    public HttpEngineMetricsSource(Duration timeout, Clock clock) {
        this.timeout = requireNonNull(timeout, "'timeout' must not be null");
        this.clock = requireNonNull(clock, "'clock' must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("'timeout' must be positive, got " + timeout);
        }
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
        MetricFamilies families;
        try {
            families = PrometheusTextParser.parse(fetch(url));
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

    private String fetch(String url) throws ScrapeException {
        try (HttpClientResponse response = client.get(url)
                .readTimeout(timeout)
                .header(HeaderNames.ACCEPT, "text/plain;version=0.0.4")
                .request()) {
            int status = response.status().code();
            if (status != 200) {
                throw new ScrapeException(url + ": HTTP " + status + " instead of 200");
            }
            return readBounded(url, response);
        } catch (RuntimeException e) {
            throw new ScrapeException(url + ": " + describe(e), e);
        }
    }

    private static String readBounded(String url, HttpClientResponse response) throws ScrapeException {
        try (InputStream in = response.inputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ScrapeException(url + ": body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScrapeException(url + ": " + describe(e), e);
        }
    }

    /** An IPv6 literal needs brackets in a URL. */
    static String hostForUrl(String address) {
        return address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
