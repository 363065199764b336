package io.llmrouter.application.metrics;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.resource.ResourceId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The latest metrics of each pod and how its last scrape went. Pods are updated independently by
 * concurrent scrapes, so a ConcurrentHashMap of immutable records; readers never lock.
 *
 * <p>Only pods the poller has {@link #register registered} have a place here, and a scrape result
 * is committed only into the place it was started for. A pod is known by its id, which comes back
 * when a removed pod is re-added (hot reload, ready again), so each registration is a new
 * {@link Generation}: a scrape still running when its pod is removed (or removed and re-added)
 * finds its generation gone and its result is dropped, instead of bringing the removed pod's
 * metrics back or passing them off as the new registration's.
 */
public final class PodMetricsStore {

    /** The last good metrics (if any) and the outcome of the latest attempt. */
    public record Entry(Optional<PodMetrics> metrics, Optional<String> lastError, long failures, Instant lastAttempt,
                        boolean unreachable) {

        public Entry(Optional<PodMetrics> metrics, Optional<String> lastError, long failures, Instant lastAttempt) {
            this(metrics, lastError, failures, lastAttempt, false);
        }
    }

    /** One registration of a pod: what a scrape carries from its start to its commit. */
    public record Generation(ResourceId pod, long number) {
        public Generation {
            requireNonNull(pod, "'pod' must not be null");
        }
    }

    /** A registered pod: its generation and, once a scrape has reported, its entry. */
    private record Slot(long generation, Optional<Entry> entry) {
    }

    private final ConcurrentHashMap<ResourceId, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong();
    private final Duration maxAge;

    public PodMetricsStore(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /** Gives the pod a fresh, empty place (dropping whatever an earlier registration left). */
    public Generation register(ResourceId pod) {
        long number = generations.incrementAndGet();
        slots.put(pod, new Slot(number, Optional.empty()));
        return new Generation(pod, number);
    }

    /** Commits a good scrape; false (and nothing changes) when that registration is gone. */
    public boolean succeeded(Generation generation, PodMetrics metrics) {
        return commit(generation, old -> new Entry(Optional.of(metrics), Optional.empty(),
                old.map(Entry::failures).orElse(0L), metrics.scrapedAt()));
    }

    /** Commits a failed scrape, keeping the last good metrics; false when that registration is gone. */
    public boolean failed(Generation generation, String error, Instant at) {
        return failed(generation, error, false, at);
    }

    /**
     * As {@link #failed(Generation, String, Instant)}; {@code unreachable} when no connection could be
     * made at all, which scheduling reads as "most likely down" until a scrape succeeds again.
     */
    public boolean failed(Generation generation, String error, boolean unreachable, Instant at) {
        return commit(generation, old -> new Entry(old.flatMap(Entry::metrics), Optional.of(error),
                old.map(Entry::failures).orElse(0L) + 1, at, unreachable));
    }

    /** Whether the pod's latest scrape could not even connect. */
    public boolean unreachable(ResourceId pod) {
        Entry e = entry(pod).orElse(null);
        return e != null && e.unreachable();
    }

    /** The pod's metrics if they are younger than the staleness bound; unknown otherwise, never "idle". */
    public Optional<PodMetrics> fresh(ResourceId pod, Instant now) {
        Optional<PodMetrics> metrics = entry(pod).flatMap(Entry::metrics);
        if (metrics.isEmpty()) {
            return Optional.empty();
        }
        PodMetrics m = metrics.get();
        return Duration.between(m.scrapedAt(), now).compareTo(maxAge) <= 0 ? Optional.of(m) : Optional.empty();
    }

    public Optional<Entry> entry(ResourceId pod) {
        Slot slot = slots.get(pod);
        return slot == null ? Optional.empty() : slot.entry();
    }

    /** Every pod with a scrape result. */
    public Map<ResourceId, Entry> all() {
        Map<ResourceId, Entry> all = new HashMap<>();
        slots.forEach((pod, slot) -> slot.entry().ifPresent(e -> all.put(pod, e)));
        return Map.copyOf(all);
    }

    /** True when the pod has a scrape result. */
    public boolean knows(ResourceId pod) {
        return entry(pod).isPresent();
    }

    /** True when the pod is registered, scraped or not. */
    public boolean registered(ResourceId pod) {
        return slots.containsKey(pod);
    }

    /** True while this registration is the pod's current one. */
    public boolean isCurrent(Generation generation) {
        Slot slot = slots.get(generation.pod());
        return slot != null && slot.generation() == generation.number();
    }

    public void forget(ResourceId pod) {
        slots.remove(pod);
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** Updates the entry only if the slot still exists and is of the same registration. */
    private boolean commit(Generation generation, Function<Optional<Entry>, Entry> update) {
        boolean[] committed = {false};
        slots.computeIfPresent(generation.pod(), (pod, slot) -> {
            if (slot.generation() != generation.number()) {
                return slot;
            }
            committed[0] = true;
            return new Slot(slot.generation(), Optional.of(update.apply(slot.entry())));
        });
        return committed[0];
    }
}
