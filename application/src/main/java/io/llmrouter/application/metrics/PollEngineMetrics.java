package io.llmrouter.application.metrics;

import static java.util.Objects.requireNonNull;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.RouterSnapshot;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.port.EngineMetricsSource;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.server.ModelServer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps every ready pod's metrics fresh: a round every {@code interval} scrapes each pod on its own
 * virtual thread, at most {@code maxConcurrency} at a time, never two scrapes of one pod at once.
 * A pod that appears in the datastore is scraped at once rather than at the next round; a pod that
 * disappears is forgotten here and by every {@code onPodRemoved} listener.
 */
public final class PollEngineMetrics implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PollEngineMetrics.class.getName());

    private final Datastore datastore;
    private final EngineMetricsSource source;
    private final PodMetricsStore store;
    private final Duration interval;
    private final Semaphore concurrency;
    private final Clock clock;
    private final List<Consumer<ResourceId>> onPodRemoved;
    /** Pods with a scrape under way: a slow pod is skipped by later rounds rather than piled up. */
    private final Set<ResourceId> inProgress = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("metrics-poller").factory());
    private volatile Map<ResourceId, Target> known = Map.of();

    /** What to scrape for a pod: where, and which engine's format. */
    record Target(Pod pod, ModelServer server) {
    }

    public PollEngineMetrics(Datastore datastore, EngineMetricsSource source, PodMetricsStore store, Duration interval,
                             int maxConcurrency, Clock clock, List<Consumer<ResourceId>> onPodRemoved) {
        this.datastore = requireNonNull(datastore, "'datastore' must not be null");
        this.source = requireNonNull(source, "'source' must not be null");
        this.store = requireNonNull(store, "'store' must not be null");
        this.interval = requireNonNull(interval, "'interval' must not be null");
        this.concurrency = new Semaphore(maxConcurrency);
        this.clock = requireNonNull(clock, "'clock' must not be null");
        this.onPodRemoved = List.copyOf(onPodRemoved);
    }

    public void start() {
        datastore.onChange(this::podsChanged);
        podsChanged(datastore.snapshot());
        ticker.scheduleAtFixedRate(this::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One scrape of every known pod; public so tests can drive rounds without waiting. */
    public void round() {
        known.values().forEach(this::scrapeAsync);
    }

    private void podsChanged(RouterSnapshot snapshot) {
        Map<ResourceId, Target> next = targets(snapshot);
        Set<ResourceId> removed = new HashSet<>(known.keySet());
        removed.removeAll(next.keySet());
        Map<ResourceId, Target> previous = known;
        known = next;
        for (ResourceId pod : removed) {
            source.forget(previous.get(pod).pod());
            store.forget(pod);
            onPodRemoved.forEach(l -> l.accept(pod));
        }
        next.forEach((id, target) -> {
            if (!previous.containsKey(id)) {
                scrapeAsync(target);
            }
        });
    }

    private static Map<ResourceId, Target> targets(RouterSnapshot snapshot) {
        Map<ResourceId, Target> targets = new LinkedHashMap<>();
        for (ModelServer server : snapshot.resources().servers()) {
            for (Pod pod : snapshot.readyPods(server.id())) {
                targets.putIfAbsent(pod.id(), new Target(pod, server));
            }
        }
        return Map.copyOf(targets);
    }

    private void scrapeAsync(Target target) {
        if (!inProgress.add(target.pod().id())) {
            return;
        }
        Thread.ofVirtual().name("scrape-" + target.pod().id()).start(() -> {
            try {
                concurrency.acquire();
                try {
                    scrape(target);
                } finally {
                    concurrency.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inProgress.remove(target.pod().id());
            }
        });
    }

    private void scrape(Target target) {
        Pod pod = target.pod();
        try {
            store.succeeded(pod.id(), source.scrape(pod, pod.portOr(target.server().workloadPort().port()),
                    target.server().engine()));
        } catch (EngineMetricsSource.ScrapeException | RuntimeException e) {
            boolean first = store.entry(pod.id()).map(en -> en.lastError().isEmpty()).orElse(true);
            store.failed(pod.id(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), clock.instant());
            if (first) {
                LOG.log(System.Logger.Level.WARNING, "metrics of pod {0} unavailable: {1}", pod.id(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
