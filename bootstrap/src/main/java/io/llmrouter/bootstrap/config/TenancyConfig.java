package io.llmrouter.bootstrap.config;

/** Who may call ({@code auth}) and how much ({@code rateLimits}). */
public record TenancyConfig(AuthConfig auth, RateLimitsConfig rateLimits) {

    public static final TenancyConfig DEFAULT = new TenancyConfig(AuthConfig.OFF, RateLimitsConfig.DEFAULT);

    public TenancyConfig {
        java.util.Objects.requireNonNull(auth, "'auth' must not be null");
        java.util.Objects.requireNonNull(rateLimits, "'rateLimits' must not be null");
    }
}
