package io.llmrouter.application.metrics;

import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.resource.ResourceId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest metrics of each pod and how its last scrape went. Pods are updated independently by
 * concurrent scrapes, so a ConcurrentHashMap of immutable records; readers never lock.
 */
public final class PodMetricsStore {

    /** The last good metrics (if any) and the outcome of the latest attempt. */
    public record Entry(Optional<PodMetrics> metrics, Optional<String> lastError, long failures, Instant lastAttempt) {
    }

    private final ConcurrentHashMap<ResourceId, Entry> entries = new ConcurrentHashMap<>();
    private final Duration maxAge;

    public PodMetricsStore(Duration maxAge) {
        this.maxAge = maxAge;
    }

    public void succeeded(ResourceId pod, PodMetrics metrics) {
        entries.put(pod, new Entry(Optional.of(metrics), Optional.empty(),
                entries.getOrDefault(pod, empty(metrics.scrapedAt())).failures(), metrics.scrapedAt()));
    }

    public void failed(ResourceId pod, String error, Instant at) {
        entries.compute(pod, (p, old) -> new Entry(old == null ? Optional.empty() : old.metrics(), Optional.of(error),
                (old == null ? 0 : old.failures()) + 1, at));
    }

    /** The pod's metrics if they are younger than the staleness bound; unknown otherwise, never "idle". */
    public Optional<PodMetrics> fresh(ResourceId pod, Instant now) {
        Entry e = entries.get(pod);
        if (e == null || e.metrics().isEmpty()) {
            return Optional.empty();
        }
        PodMetrics m = e.metrics().get();
        return Duration.between(m.scrapedAt(), now).compareTo(maxAge) <= 0 ? Optional.of(m) : Optional.empty();
    }

    public Optional<Entry> entry(ResourceId pod) {
        return Optional.ofNullable(entries.get(pod));
    }

    public Map<ResourceId, Entry> all() {
        return Map.copyOf(entries);
    }

    public boolean knows(ResourceId pod) {
        return entries.containsKey(pod);
    }

    public void forget(ResourceId pod) {
        entries.remove(pod);
    }

    public Duration maxAge() {
        return maxAge;
    }

    private static Entry empty(Instant at) {
        return new Entry(Optional.empty(), Optional.empty(), 0, at);
    }
}
