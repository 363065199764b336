package io.llmrouter.bootstrap.config;

import java.time.Duration;

/**
 * Router-wide upstream limits. {@code idleTimeout} bounds the wait for response headers and every
 * silent gap in a stream when a ModelServer sets no {@code trafficPolicy.timeout}.
 * {@code outlierDetection}: when a failing pod is taken out of rotation.
 */
public record UpstreamConfig(Duration connectTimeout, Duration idleTimeout, OutlierDetectionConfig outlierDetection) {

    public UpstreamConfig {
        java.util.Objects.requireNonNull(outlierDetection, "'outlierDetection' must not be null");
    }

    /** With outlier detection's defaults. */
    public UpstreamConfig(Duration connectTimeout, Duration idleTimeout) {
        this(connectTimeout, idleTimeout, OutlierDetectionConfig.DEFAULT);
    }

    public UpstreamConfig withOutlierDetection(OutlierDetectionConfig config) {
        return new UpstreamConfig(connectTimeout, idleTimeout, config);
    }
}
