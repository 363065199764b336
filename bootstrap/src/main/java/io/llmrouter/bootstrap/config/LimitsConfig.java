package io.llmrouter.bootstrap.config;

import java.time.Duration;

/**
 * The inference listener's bounds beside the body size ({@code limits.*}). {@code maxConcurrentRequests}:
 * requests served at once, more are refused with 429 at once. {@code maxHeaderBytes} and
 * {@code maxHeaderCount}: a request's header block, more is refused with 431 before anything else is
 * read. {@code clientWriteTimeout}: a client that reads nothing of its response for that long is
 * disconnected and its engine request cancelled (nginx's {@code send_timeout}, whose default it takes). Defaults: 4096 requests is thousands of streams at a virtual thread and two small buffers
 * each; 16 KiB of headers is Helidon's and about nginx's (4 × 8 KiB); 100 headers is Envoy's.
 */
public record LimitsConfig(int maxConcurrentRequests, int maxHeaderBytes, int maxHeaderCount,
                           Duration clientWriteTimeout) {

    public static final LimitsConfig DEFAULT = new LimitsConfig(4096, 16 * 1024, 100, Duration.ofSeconds(60));

    public LimitsConfig {
        if (maxConcurrentRequests < 1) {
            throw new ConfigException("limits.maxConcurrentRequests must be 1 or more, was " + maxConcurrentRequests);
        }
        if (maxHeaderBytes < 1024) {
            throw new ConfigException("limits.maxHeaderBytes must be 1024 or more, was " + maxHeaderBytes);
        }
        java.util.Objects.requireNonNull(clientWriteTimeout, "'clientWriteTimeout' must not be null");
        if (maxHeaderCount < 8) {
            throw new ConfigException("limits.maxHeaderCount must be 8 or more, was " + maxHeaderCount);
        }
    }

    public LimitsConfig withClientWriteTimeout(Duration timeout) {
        return new LimitsConfig(maxConcurrentRequests, maxHeaderBytes, maxHeaderCount, timeout);
    }

    public LimitsConfig withMaxConcurrentRequests(int max) {
        return new LimitsConfig(max, maxHeaderBytes, maxHeaderCount, clientWriteTimeout);
    }
}
