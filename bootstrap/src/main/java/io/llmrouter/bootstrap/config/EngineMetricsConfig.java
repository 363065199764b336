package io.llmrouter.bootstrap.config;

import io.llmrouter.adapters.k8s.manifest.GoDuration;
import java.time.Duration;

/**
 * How engine metrics are polled: every {@code scrapeInterval}, each scrape (connect, headers and body
 * together) given at most {@code scrapeTimeout} and a body of at most {@code maxScrapeBytes}, at most
 * {@code maxConcurrency} at once; metrics older than {@code maxAge} count as unknown (the scheduler
 * then falls back to the router's own in-flight counts).
 *
 * <p>Scrapes can hold up to {@code maxConcurrency × maxScrapeBytes} of bodies at once (400 MiB with the
 * defaults, in the worst case); a real engine's {@code /metrics} is tens to a few hundred KiB.
 */
public record EngineMetricsConfig(Duration scrapeInterval, Duration scrapeTimeout, Duration maxAge, int maxConcurrency,
                                  int maxScrapeBytes) {

    /** vLLM with many stale LoRA series stays well below this; a bigger body is not an exporter's. */
    public static final int DEFAULT_MAX_SCRAPE_BYTES = 4 * 1024 * 1024;

    /** The largest {@code maxScrapeBytes}: a body is held in one Java array. */
    public static final int LARGEST_MAX_SCRAPE_BYTES = Integer.MAX_VALUE - 8;

    public static final EngineMetricsConfig DEFAULT = new EngineMetricsConfig(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), 100, DEFAULT_MAX_SCRAPE_BYTES);

    public EngineMetricsConfig {
        if (maxConcurrency < 1) {
            throw new ConfigException("engineMetrics.maxConcurrency must be >= 1, was " + maxConcurrency);
        }
        if (maxScrapeBytes < 1 || maxScrapeBytes > LARGEST_MAX_SCRAPE_BYTES) {
            throw new ConfigException("engineMetrics.maxScrapeBytes must be 1.." + LARGEST_MAX_SCRAPE_BYTES
                    + " (bytes), was " + maxScrapeBytes);
        }
        if (maxAge.compareTo(scrapeInterval) < 0) {
            throw new ConfigException("engineMetrics.maxAge (" + GoDuration.format(maxAge) + ") must be at least"
                    + " scrapeInterval (" + GoDuration.format(scrapeInterval) + "), or every pod would always look stale");
        }
    }

    /** With the default body cap. */
    public EngineMetricsConfig(Duration scrapeInterval, Duration scrapeTimeout, Duration maxAge, int maxConcurrency) {
        this(scrapeInterval, scrapeTimeout, maxAge, maxConcurrency, DEFAULT_MAX_SCRAPE_BYTES);
    }
}
