package io.llmrouter.bootstrap.config;

import io.llmrouter.domain.health.OutlierSettings;
import java.time.Duration;

/**
 * {@code upstream.outlierDetection}: passive health checking of pods (see {@link OutlierSettings}
 * for the rules and why {@code maxEjectionPercent} defaults to 50).
 */
public record OutlierDetectionConfig(boolean enabled, int consecutiveFailures, Duration baseEjectionTime,
                                     Duration maxEjectionTime, int maxEjectionPercent, int consecutiveScrapeFailures) {

    public static final OutlierDetectionConfig DEFAULT = of(OutlierSettings.DEFAULT);

    public OutlierDetectionConfig {
        if (consecutiveFailures < 0) {
            throw new ConfigException("upstream.outlierDetection.consecutiveFailures must be >= 0 (0: never eject "
                    + "for failed requests), was " + consecutiveFailures);
        }
        if (consecutiveScrapeFailures < 0) {
            throw new ConfigException("upstream.outlierDetection.consecutiveScrapeFailures must be >= 0 (0: never "
                    + "eject for failed scrapes), was " + consecutiveScrapeFailures);
        }
        if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
            throw new ConfigException("upstream.outlierDetection.maxEjectionPercent must be within 0..100, was "
                    + maxEjectionPercent);
        }
        if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
            throw new ConfigException("upstream.outlierDetection.maxEjectionTime must be at least baseEjectionTime");
        }
    }

    private static OutlierDetectionConfig of(OutlierSettings s) {
        return new OutlierDetectionConfig(s.enabled(), s.consecutiveFailures(), s.baseEjectionTime(),
                s.maxEjectionTime(), s.maxEjectionPercent(), s.consecutiveScrapeFailures());
    }

    public OutlierSettings settings() {
        return new OutlierSettings(enabled, consecutiveFailures, baseEjectionTime, maxEjectionTime, maxEjectionPercent,
                consecutiveScrapeFailures);
    }
}
