package io.llmrouter.bootstrap.config;

import io.llmrouter.domain.fairness.FairnessSettings;

/** The {@code fairness} section: off by default; when on, every request waits in its model's queue. */
public record FairnessConfig(boolean enabled, FairnessSettings settings) {

    public static final FairnessConfig DEFAULT = new FairnessConfig(false, FairnessSettings.DEFAULT);

    public FairnessConfig {
        java.util.Objects.requireNonNull(settings, "'settings' must not be null");
    }
}
