package io.llmrouter.adapters.redis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How the router talks to Redis, whatever the address: credentials (Kthena sends none), TLS
 * ({@code rediss://}), the timeout of each operation (short: a limit check must not stall requests
 * when Redis is slow), of a connection, and the connections per address.
 */
public record RedisSettings(Optional<String> username, Optional<String> password, boolean tls, Duration timeout,
                            Duration connectTimeout, int connections) {

    public static final RedisSettings DEFAULT = new RedisSettings(Optional.empty(), Optional.empty(), false,
            Duration.ofMillis(500), Duration.ofSeconds(2), 16);

    public RedisSettings {
        requireNonNull(username, "'username' must not be null");
        requireNonNull(password, "'password' must not be null");
        requireNonNull(timeout, "'timeout' must not be null");
        requireNonNull(connectTimeout, "'connectTimeout' must not be null");
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1, was " + connections);
        }
    }

    @Override
    public String toString() {
        return "RedisSettings[username=" + username.orElse("") + ", password=" + (password.isPresent() ? "<redacted>" : "")
                + ", tls=" + tls + ", timeout=" + timeout + ", connectTimeout=" + connectTimeout + ", connections=" + connections + "]";
    }
}
