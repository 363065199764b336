package io.llmrouter.bootstrap.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code kvEvents}: subscribe to the engines' KV events for the {@code kvcache-aware} plugin.
 * <pre>
 * kvEvents:
 *   enabled: false                     # on: one ZMQ SUB per vLLM / SGLang pod
 *   endpoint: "tcp://{address}:5557"   # {address} = the pod's address, {port} = its serving port
 *   replayEndpoint: ""                 # e.g. "tcp://{address}:5558": vLLM's replay_endpoint; empty = none
 *   topic: ""                          # topic prefix to subscribe to (vLLM's default topic is "")
 *   replayTimeout: 2s                  # a replay not finished by then resets the pod's entries
 *   maxMemoryBytes: 268435456          # the block index's budget (about 1.1 M blocks); beyond it, eviction
 *   tokenizeBudget: 50ms               # how long a request waits for /tokenize before prefix-cache decides
 *   tokenizeTimeout: 2s                # the /tokenize call itself (a late answer still fills the cache)
 *   tokenizeCacheSize: 10000           # prompts whose tokens are kept
 * </pre>
 */
public record KvEventsConfig(boolean enabled, String endpoint, Optional<String> replayEndpoint, String topic,
                             Duration replayTimeout, long maxMemoryBytes, Duration tokenizeBudget,
                             Duration tokenizeTimeout, int tokenizeCacheSize) {

    public static final KvEventsConfig OFF = new KvEventsConfig(false, "tcp://{address}:5557", Optional.empty(), "",
            Duration.ofSeconds(2), 256L * 1024 * 1024, Duration.ofMillis(50), Duration.ofSeconds(2), 10_000);

    public KvEventsConfig {
        java.util.Objects.requireNonNull(endpoint, "'endpoint' must not be null");
        java.util.Objects.requireNonNull(replayEndpoint, "'replayEndpoint' must not be null");
        java.util.Objects.requireNonNull(topic, "'topic' must not be null");
        if (!endpoint.contains("://")) {
            throw new ConfigException("kvEvents.endpoint must be a ZMQ endpoint such as tcp://{address}:5557, was '"
                    + endpoint + "'");
        }
        if (maxMemoryBytes < 1024 * 1024) {
            throw new ConfigException("kvEvents.maxMemoryBytes must be at least 1048576, was " + maxMemoryBytes);
        }
        if (tokenizeCacheSize < 1) {
            throw new ConfigException("kvEvents.tokenizeCacheSize must be >= 1, was " + tokenizeCacheSize);
        }
    }
}
