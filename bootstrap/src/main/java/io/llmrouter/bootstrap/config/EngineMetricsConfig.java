package io.llmrouter.bootstrap.config;

import java.time.Duration;

/**
 * How engine metrics are polled: every {@code scrapeInterval}, each scrape bounded by
 * {@code scrapeTimeout}, at most {@code maxConcurrency} at once; metrics older than {@code maxAge}
 * count as unknown (the scheduler then falls back to the router's own in-flight counts).
 */
public record EngineMetricsConfig(Duration scrapeInterval, Duration scrapeTimeout, Duration maxAge, int maxConcurrency) {

    public static final EngineMetricsConfig DEFAULT =
            new EngineMetricsConfig(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), 100);

    public EngineMetricsConfig {
        if (maxConcurrency < 1) {
            throw new ConfigException("engineMetrics.maxConcurrency must be >= 1, was " + maxConcurrency);
        }
        if (maxAge.compareTo(scrapeInterval) < 0) {
            throw new ConfigException("engineMetrics.maxAge (" + maxAge + ") must be at least scrapeInterval ("
                    + scrapeInterval + "), or every pod would always look stale");
        }
    }
}
