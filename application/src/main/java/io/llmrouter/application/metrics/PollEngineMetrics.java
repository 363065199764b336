package io.llmrouter.application.metrics;

import static java.util.Objects.requireNonNull;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.RouterSnapshot;
import io.llmrouter.domain.health.OutlierDetector;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.port.EngineMetricsSource;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.server.ModelServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Keeps every ready pod's metrics fresh: a round every {@code interval} scrapes each pod on its own
 * virtual thread, at most {@code maxConcurrency} at a time, never two scrapes of one pod at once.
 * A pod that appears in the datastore is scraped at once rather than at the next round; a pod that
 * disappears is forgotten here and by every {@code onPodRemoved} listener, and a scrape of it still
 * running then commits nothing (see {@link PodMetricsStore}). Every committed scrape outcome is also
 * told to the outlier detector: failed scrapes in a row are a sign of a failing pod.
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
    private final OutlierDetector health;
    /** Pods with a scrape under way: a slow pod is skipped by later rounds rather than piled up. */
    private final Set<ResourceId> inProgress = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("metrics-poller").factory());
    /** Swapped whole under {@link #membership}; read without locking by rounds and finished scrapes. */
    private volatile Map<ResourceId, Target> known = Map.of();
    private final ReentrantLock membership = new ReentrantLock();

    /**
     * What to scrape for a pod: where, which engine's format, and the store registration its results
     * go to. A pod keeps its registration while it stays in the datastore at the same endpoint.
     */
    record Target(Pod pod, ModelServer server, PodMetricsStore.Generation generation) {

        /** The same engine process as far as the router can tell: same address, port and engine kind. */
        boolean sameEngine(Pod otherPod, ModelServer otherServer) {
            return pod.address().equals(otherPod.address()) && port() == otherPod.portOr(otherServer.workloadPort().port())
                    && server.engine() == otherServer.engine();
        }

        int port() {
            return pod.portOr(server.workloadPort().port());
        }
    }

    public PollEngineMetrics(Datastore datastore, EngineMetricsSource source, PodMetricsStore store, Duration interval,
                             int maxConcurrency, Clock clock, List<Consumer<ResourceId>> onPodRemoved) {
        this(datastore, source, store, interval, maxConcurrency, clock, onPodRemoved, OutlierDetector.disabled());
    }

    public PollEngineMetrics(Datastore datastore, EngineMetricsSource source, PodMetricsStore store, Duration interval,
                             int maxConcurrency, Clock clock, List<Consumer<ResourceId>> onPodRemoved,
                             OutlierDetector health) {
        this.health = requireNonNull(health, "'health' must not be null");
        this.datastore = requireNonNull(datastore, "'datastore' must not be null");
        this.source = requireNonNull(source, "'source' must not be null");
        this.store = requireNonNull(store, "'store' must not be null");
        this.interval = requireNonNull(interval, "'interval' must not be null");
        this.concurrency = new Semaphore(maxConcurrency);
        this.clock = requireNonNull(clock, "'clock' must not be null");
        this.onPodRemoved = List.copyOf(onPodRemoved);
    }

    public void start() {
        datastore.onChange(snapshot -> podsChanged());
        podsChanged();
        ticker.scheduleAtFixedRate(this::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One scrape of every known pod; public so tests can drive rounds without waiting. */
    public void round() {
        known.values().forEach(this::scrapeAsync);
    }

    /**
     * Brings the known pods in line with the datastore. Serialised, and always against the
     * datastore's latest snapshot rather than the one the listener was handed: two loads' listeners
     * may run concurrently and in either order, and an older snapshot applied last would bring
     * removed pods back. A pod now pointing at another endpoint is a different engine: it is removed
     * (everyone forgets it) and added afresh.
     */
    private void podsChanged() {
        membership.lock();
        try {
            Map<ResourceId, Target> previous = known;
            Map<ResourceId, Target> next = new LinkedHashMap<>();
            RouterSnapshot snapshot = datastore.snapshot();
            for (ModelServer server : snapshot.resources().servers()) {
                for (Pod pod : snapshot.readyPods(server.id())) {
                    if (!next.containsKey(pod.id())) {
                        Target old = previous.get(pod.id());
                        // A null generation marks a pod to register: new, or at another endpoint now.
                        next.put(pod.id(), new Target(pod, server,
                                old != null && old.sameEngine(pod, server) ? old.generation() : null));
                    }
                }
            }
            // Forget first, so that a replaced pod's new registration is not forgotten with the old one.
            previous.forEach((id, old) -> {
                Target now = next.get(id);
                if (now == null || now.generation() == null) {
                    forget(old);
                }
            });
            List<Target> registered = new ArrayList<>();
            next.replaceAll((id, t) -> {
                if (t.generation() != null) {
                    return t;
                }
                Target fresh = new Target(t.pod(), t.server(), store.register(id));
                registered.add(fresh);
                return fresh;
            });
            known = Map.copyOf(next);
            registered.forEach(this::scrapeAsync);
        } finally {
            membership.unlock();
        }
    }

    private void forget(Target target) {
        ResourceId pod = target.pod().id();
        source.forget(target.pod());
        store.forget(pod);
        onPodRemoved.forEach(l -> l.accept(pod));
    }

    private void scrapeAsync(Target target) {
        ResourceId pod = target.pod().id();
        if (!inProgress.add(pod)) {
            return;
        }
        Thread.ofVirtual().name("scrape-" + pod).start(() -> {
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
                inProgress.remove(pod);
            }
            // The pod was re-added while this scrape ran, and the new registration's first scrape
            // was skipped as "in progress": run it now rather than a whole interval later.
            Target current = known.get(pod);
            if (current != null && !current.generation().equals(target.generation())) {
                scrapeAsync(current);
            }
        });
    }

    /** Scrapes and commits into the target's registration; a pod removed meanwhile gets nothing. */
    private void scrape(Target target) {
        PodMetricsStore.Generation generation = target.generation();
        if (!store.isCurrent(generation)) {
            return; // removed while this scrape waited for its turn
        }
        Pod pod = target.pod();
        try {
            if (store.succeeded(generation, source.scrape(pod, target.port(), target.server().engine()))) {
                health.scrapeSucceeded(pod.id());
            } else {
                // Removed while scraping: the source may have kept history for it after the removal's
                // forget. No other scrape of this pod runs now (a re-added pod waits for this one).
                source.forget(pod);
            }
        } catch (EngineMetricsSource.ScrapeException | RuntimeException e) {
            boolean first = store.entry(pod.id()).map(en -> en.lastError().isEmpty()).orElse(true);
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            boolean unreachable = e instanceof EngineMetricsSource.ScrapeException se && se.unreachable();
            if (store.failed(generation, error, unreachable, clock.instant())) {
                health.scrapeFailed(pod.id(), error);
                if (first) {
                    LOG.log(System.Logger.Level.WARNING, "metrics of pod {0} unavailable: {1}", pod.id(), e.getMessage());
                }
            }
        }
    }

    /** True while a scrape of the pod is under way (tests wait on it instead of sleeping). */
    boolean scraping(ResourceId pod) {
        return inProgress.contains(pod);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
