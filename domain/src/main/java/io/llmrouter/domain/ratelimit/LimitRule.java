package io.llmrouter.domain.ratelimit;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One bucket a request must pass: its key, its limit, and where it lives ({@code sharedStore}: the
 * address of the store every replica uses, empty for this process). {@code owner} names what set
 * the limit, for messages: {@code "ModelRoute default/chat"}, {@code "tenant acme"}.
 */
public record LimitRule(BucketKey key, Limit limit, Optional<String> sharedStore, String owner) {

    public LimitRule {
        requireNonNull(key, "'key' must not be null");
        requireNonNull(limit, "'limit' must not be null");
        requireNonNull(sharedStore, "'sharedStore' must not be null");
        requireNonNull(owner, "'owner' must not be null");
    }

    public LimitType type() {
        return key.type();
    }

    public boolean shared() {
        return sharedStore.isPresent();
    }
}
