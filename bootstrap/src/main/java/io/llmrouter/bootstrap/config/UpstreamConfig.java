package io.llmrouter.bootstrap.config;

import io.llmrouter.domain.pd.PdSettings;
import java.time.Duration;

/**
 * Router-wide upstream limits. {@code idleTimeout} bounds the wait for response headers and every
 * silent gap in a stream when a ModelServer sets no {@code trafficPolicy.timeout}.
 * {@code outlierDetection}: when a failing pod is taken out of rotation. {@code prefillDecode}: the
 * choices for PD servers that no CRD field carries (connector modes, SGLang's bootstrap port, the
 * decode-only fallback).
 */
public record UpstreamConfig(Duration connectTimeout, Duration idleTimeout, OutlierDetectionConfig outlierDetection,
                             PdSettings prefillDecode) {

    public UpstreamConfig {
        java.util.Objects.requireNonNull(outlierDetection, "'outlierDetection' must not be null");
        java.util.Objects.requireNonNull(prefillDecode, "'prefillDecode' must not be null");
    }

    /** With outlier detection's and prefill/decode's defaults. */
    public UpstreamConfig(Duration connectTimeout, Duration idleTimeout) {
        this(connectTimeout, idleTimeout, OutlierDetectionConfig.DEFAULT, PdSettings.DEFAULT);
    }

    public UpstreamConfig withOutlierDetection(OutlierDetectionConfig config) {
        return new UpstreamConfig(connectTimeout, idleTimeout, config, prefillDecode);
    }
}
