package io.llmrouter.adapters.engines.metrics;

import io.llmrouter.adapters.engines.metrics.MetricsTranslator.Translation;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.resource.ResourceId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The {@link ScrapeMemory} of every pod scraped and not forgotten. Thread-safe: scrapes of
 * different pods run concurrently and never contend beyond the map.
 *
 * <p>A scrape takes its pod's slot <em>before</em> the HTTP call and commits into that slot after
 * it. So {@link #forget} during a scrape wins: the late commit lands in a slot no longer in the
 * map, and a gone pod's memory cannot come back (the interleaving "scrape starts, pod removed,
 * scrape ends"). Overlapping scrapes of the same pod lose no update (compare-and-set, retried on
 * the newer memory); the poller does not overlap them, and if it did, the older body could read as
 * a counter reset for one interval.
 */
final class ScrapeHistory {

    /** Lock-free lookups and removal per pod; each slot's memory is swapped whole by compare-and-set. */
    final ConcurrentHashMap<ResourceId, AtomicReference<ScrapeMemory>> byPod = new ConcurrentHashMap<>();

    /** The pod's slot, created empty on its first scrape. */
    AtomicReference<ScrapeMemory> slot(ResourceId pod) {
        return byPod.computeIfAbsent(pod, id -> new AtomicReference<>(ScrapeMemory.EMPTY));
    }

    /** Translates against the slot's memory and stores the result; retried if another scrape got there first. */
    static PodMetrics commit(AtomicReference<ScrapeMemory> slot, Function<ScrapeMemory, Translation> translate) {
        while (true) {
            ScrapeMemory previous = slot.get();
            Translation translation = translate.apply(previous);
            if (slot.compareAndSet(previous, translation.memory())) {
                return translation.metrics();
            }
        }
    }

    void forget(ResourceId pod) {
        byPod.remove(pod);
    }

    int size() {
        return byPod.size();
    }
}
