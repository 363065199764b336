package io.llmrouter.sim;

import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.Profiles;
import java.util.List;
import java.util.Objects;

/**
 * Everything a simulated engine instance is started with. Build with {@link #builder()}; every
 * field has a default, so {@code EngineOptions.builder().build()} is a vLLM serving
 * {@value #DEFAULT_MODEL} on an ephemeral loopback port with the {@code h100-7b} profile.
 *
 * @param engine            API and metrics personality
 * @param model             served model name (responses carry it in {@code model})
 * @param host              listen address
 * @param port              listen port, 0 for an ephemeral one
 * @param profile           capacity and timing constants
 * @param speedup           real-time speed-up factor for step times (2.0 = twice as fast)
 * @param seed              seed of generated text, hashes and jitter
 * @param loras             adapters loaded at start
 * @param maxLoras          LoRA slots ({@code --max-loras})
 * @param role              prefill/decode role
 * @param legacyMetricNames also emit vLLM's pre-0.11 names
 * @param defaultMaxTokens  output length when a request sets no {@code max_tokens}
 * @param recordedLimit     how many inference requests {@link SimulatedEngine#recordedRequests()} keeps
 * @param metricsPort       an extra listener serving only {@code /metrics} (TGI's {@code --prometheus-port},
 *                          9000 there by default): -1 for none (the default here), 0 for an ephemeral port
 */
public record EngineOptions(EngineKind engine, String model, String host, int port, Profile profile, double speedup,
                            long seed, List<String> loras, int maxLoras, EngineRole role, boolean legacyMetricNames,
                            int defaultMaxTokens, int recordedLimit, int metricsPort) {

    public static final String DEFAULT_MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    public static final int DEFAULT_MAX_TOKENS = 16;

    public EngineOptions {
        Objects.requireNonNull(engine, "'engine' must not be null");
        Objects.requireNonNull(model, "'model' must not be null");
        Objects.requireNonNull(host, "'host' must not be null");
        Objects.requireNonNull(profile, "'profile' must not be null");
        Objects.requireNonNull(role, "'role' must not be null");
        loras = List.copyOf(loras);
        if (model.isBlank()) {
            throw new IllegalArgumentException("'model' must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("'port' must be in [0, 65535], got " + port);
        }
        if (!(speedup > 0) || Double.isInfinite(speedup)) {
            throw new IllegalArgumentException("'speedup' must be a positive finite number, got " + speedup);
        }
        if (maxLoras < 1) {
            throw new IllegalArgumentException("'maxLoras' must be at least 1, got " + maxLoras);
        }
        if (metricsPort < -1 || metricsPort > 65_535) {
            throw new IllegalArgumentException("'metricsPort' must be -1 (none) or in [0, 65535], got " + metricsPort);
        }
        if (defaultMaxTokens < 1 || recordedLimit < 0) {
            throw new IllegalArgumentException("'defaultMaxTokens' must be >= 1 and 'recordedLimit' >= 0");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options (e.g. to derive a replica on another port). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.engine = engine;
        b.model = model;
        b.host = host;
        b.port = port;
        b.profile = profile;
        b.speedup = speedup;
        b.seed = seed;
        b.loras = loras;
        b.maxLoras = maxLoras;
        b.role = role;
        b.legacyMetricNames = legacyMetricNames;
        b.defaultMaxTokens = defaultMaxTokens;
        b.recordedLimit = recordedLimit;
        b.metricsPort = metricsPort;
        return b;
    }

    /** Fluent builder; see the record components for the meaning of each setting. */
    public static final class Builder {
        private EngineKind engine = EngineKind.VLLM;
        private String model = DEFAULT_MODEL;
        private String host = "127.0.0.1";
        private int port;
        private Profile profile = Profiles.named(Profiles.DEFAULT);
        private double speedup = 1.0;
        private long seed = 42;
        private List<String> loras = List.of();
        private int maxLoras = 4;
        private EngineRole role = EngineRole.BOTH;
        private boolean legacyMetricNames;
        private int defaultMaxTokens = DEFAULT_MAX_TOKENS;
        private int recordedLimit = 256;
        private int metricsPort = -1;

        private Builder() {
        }

        public Builder engine(EngineKind engine) {
            this.engine = engine;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A named profile: {@code h100-7b} (default), {@code a100-7b}, {@code h100-llama2-7b}, {@code instant}. */
        public Builder profile(String name) {
            this.profile = Profiles.named(name);
            return this;
        }

        /** A custom profile, e.g. {@code Profiles.named("h100-7b").withNumGpuBlocks(64)}. */
        public Builder profile(Profile profile) {
            this.profile = profile;
            return this;
        }

        public Builder speedup(double speedup) {
            this.speedup = speedup;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder loras(String... names) {
            this.loras = List.of(names);
            return this;
        }

        public Builder maxLoras(int maxLoras) {
            this.maxLoras = maxLoras;
            return this;
        }

        public Builder role(EngineRole role) {
            this.role = role;
            return this;
        }

        public Builder legacyMetricNames(boolean legacy) {
            this.legacyMetricNames = legacy;
            return this;
        }

        public Builder defaultMaxTokens(int tokens) {
            this.defaultMaxTokens = tokens;
            return this;
        }

        public Builder recordedLimit(int limit) {
            this.recordedLimit = limit;
            return this;
        }

        /** An extra {@code /metrics}-only listener: -1 none, 0 ephemeral, else that port. */
        public Builder metricsPort(int port) {
            this.metricsPort = port;
            return this;
        }

        public EngineOptions build() {
            return new EngineOptions(engine, model, host, port, profile, speedup, seed, loras, maxLoras, role,
                legacyMetricNames, defaultMaxTokens, recordedLimit, metricsPort);
        }
    }
}
