package io.llmrouter.adapters.observe.metrics;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.RouterSnapshot;
import io.llmrouter.application.metrics.InFlightCounter;
import io.llmrouter.application.metrics.PodMetricsStore;
import io.llmrouter.domain.health.OutlierDetector;
import io.llmrouter.domain.health.PodHealth;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.server.ModelServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Per-pod series, {@code {model_server, pod}}: requests this router has in flight to the pod, the
 * age of its engine metrics and its failed scrapes, and the engine's KV usage, running and waiting
 * requests as last scraped (what the dashboard's per-pod panels show without scraping engines), and
 * its passive health: ejections so far and whether it is out of rotation now.
 * Pods come and go, so the series are brought in line with the datastore's ready pods before each
 * scrape ({@link #refresh}): new pods get meters, gone pods lose theirs, and label values stay
 * bounded by the configuration.
 */
final class PodGauges {

    private final MeterRegistry registry;
    private final Datastore datastore;
    private final InFlightCounter inFlight;
    private final PodMetricsStore store;
    private final Clock clock;
    private final OutlierDetector health;
    /** Guarded by {@code this}: only scrapes touch it, and they are rare. */
    private final Map<PodKey, List<Meter>> registered = new HashMap<>();

    private record PodKey(String server, ResourceId pod) {
    }

    PodGauges(MeterRegistry registry, Datastore datastore, InFlightCounter inFlight, PodMetricsStore store, Clock clock,
              OutlierDetector health) {
        this.health = health;
        this.registry = registry;
        this.datastore = datastore;
        this.inFlight = inFlight;
        this.store = store;
        this.clock = clock;
    }

    synchronized void refresh() {
        Map<PodKey, List<Meter>> keep = new HashMap<>();
        RouterSnapshot snapshot = datastore.snapshot();
        for (ModelServer server : snapshot.resources().servers()) {
            for (Pod pod : snapshot.readyPods(server.id())) {
                PodKey key = new PodKey(server.id().toString(), pod.id());
                List<Meter> meters = registered.remove(key);
                keep.put(key, meters != null ? meters : register(key));
            }
        }
        registered.values().forEach(meters -> meters.forEach(registry::remove));
        registered.clear();
        registered.putAll(keep);
    }

    private List<Meter> register(PodKey key) {
        ResourceId pod = key.pod();
        String name = pod.toString();
        return List.of(
                Gauge.builder(MetricNames.ACTIVE_UPSTREAM, inFlight, c -> c.get(pod))
                        .description("Requests this router has in flight to the pod")
                        .tag("model_server", key.server()).tag("pod", name).register(registry),
                Gauge.builder(MetricNames.METRICS_AGE, store, s -> ageSeconds(s, pod)).baseUnit("seconds")
                        .description("Age of the pod's last good engine metrics (NaN: none yet)")
                        .tag("model_server", key.server()).tag("pod", name).register(registry),
                FunctionCounter.builder(MetricNames.SCRAPE_FAILURES, store,
                                s -> s.entry(pod).map(PodMetricsStore.Entry::failures).orElse(0L))
                        .description("Failed scrapes of the pod's engine metrics")
                        .tag("model_server", key.server()).tag("pod", name).register(registry),
                // Read from the detector's state, which goes with the pod: a re-added pod counts from 0 (a reset).
                FunctionCounter.builder(MetricNames.POD_EJECTIONS, health,
                                h -> h.health(pod).map(PodHealth::ejectionsTotal).orElse(0L))
                        .description("Times passive health checking took the pod out of rotation")
                        .tag("model_server", key.server()).tag("pod", name).register(registry),
                Gauge.builder(MetricNames.POD_EJECTED, health, h -> h.ejected(pod) ? 1 : 0)
                        .description("1 while the pod is out of rotation (ejected or awaiting its trial request)")
                        .tag("model_server", key.server()).tag("pod", name).register(registry),
                engineGauge(MetricNames.ENGINE_KV_USAGE, "KV-cache usage 0..1 the engine reported", key,
                        PodMetrics::kvCacheUsage),
                engineGauge(MetricNames.ENGINE_RUNNING, "Requests in the engine's running batch", key,
                        m -> m.running() < 0 ? Double.NaN : m.running()),
                engineGauge(MetricNames.ENGINE_WAITING, "Requests queued in the engine", key,
                        m -> m.waiting() < 0 ? Double.NaN : m.waiting()));
    }

    /**
     * One value of the pod's fresh engine metrics, as the scheduler sees it: NaN when the metrics are
     * missing or older than the staleness bound, so a dead exporter shows as a gap, never as idle.
     */
    private Gauge engineGauge(String metric, String description, PodKey key, ToDoubleFunction<PodMetrics> value) {
        return Gauge.builder(metric, store, s -> s.fresh(key.pod(), clock.instant()).map(value::applyAsDouble)
                        .orElse(Double.NaN))
                .description(description).tag("model_server", key.server()).tag("pod", key.pod().toString())
                .register(registry);
    }

    private double ageSeconds(PodMetricsStore s, ResourceId pod) {
        return s.entry(pod).flatMap(PodMetricsStore.Entry::metrics)
                .map(m -> Duration.between(m.scrapedAt(), clock.instant()).toNanos() / 1e9)
                .orElse(Double.NaN);
    }
}
