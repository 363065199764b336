package io.llmrouter.application.health;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.resource.ResourceId;

/**
 * How one ModelServer's ready pods stand: {@code schedulable} in rotation, {@code ejected} out of it
 * by passive health checking (ejected or half-open, not yet returned), {@code unscraped} without
 * fresh engine metrics (never scraped, stale or failing; the scheduler then goes by in-flight counts).
 * {@code unscraped} overlaps the other two.
 */
public record ServerHealth(ResourceId server, int ready, int schedulable, int ejected, int unscraped) {

    public ServerHealth {
        requireNonNull(server, "'server' must not be null");
    }
}
