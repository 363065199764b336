package io.llmrouter.adapters.observe.metrics;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.SourceState;
import io.llmrouter.application.metrics.InFlightCounter;
import io.llmrouter.application.metrics.PodMetricsStore;
import io.llmrouter.application.observe.RequestObserver;
import io.llmrouter.domain.health.OutlierDetector;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import io.llmrouter.domain.scheduling.framework.WeightedScorer;
import io.llmrouter.domain.scheduling.scorer.PrefixCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The router's Prometheus metrics: one Micrometer registry per router (not Helidon's process-wide
 * one, so several routers in one JVM, as in the tests, keep separate counts), holding the request
 * and scheduling families ({@link #requests()}), per-pod series, prefix-cache gauges, and JVM and
 * process metrics. {@link #scrape} renders Prometheus text 0.0.4, or OpenMetrics 1.0 when the
 * {@code Accept} header asks for it.
 */
public final class PrometheusMetrics implements AutoCloseable {

    /** The content types the registry's two text writers answer to (Prometheus client's constants). */
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** The router's listeners, the values of {@code llm_router_internal_errors_total}'s label. */
    static final List<String> LISTENERS = List.of("inference", "admin", "metrics");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RequestMetrics requests;
    private final PodGauges pods;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /**
     * Micrometer holds a gauge's or function counter's state object weakly, so each object a
     * function meter reads lives here as long as the registry does: a caller's method reference
     * ({@code scheduler::current}, {@code log::dropped}) is otherwise collected at the next GC and the
     * series reads NaN from then on.
     */
    private final Supplier<SchedulingProfile> profile;
    private final List<Object> counted = new CopyOnWriteArrayList<>();
    private final List<Supplier<SourceState>> sourceStates = new CopyOnWriteArrayList<>();

    public PrometheusMetrics(Datastore datastore, InFlightCounter inFlight, PodMetricsStore store,
                             Supplier<SchedulingProfile> profile, Clock clock) {
        this(datastore, inFlight, store, profile, clock, OutlierDetector.disabled());
    }

    /** With the per-pod passive health series read from {@code health}. */
    public PrometheusMetrics(Datastore datastore, InFlightCounter inFlight, PodMetricsStore store,
                             Supplier<SchedulingProfile> profile, Clock clock, OutlierDetector health) {
        // Two of Micrometer's processor meters break Prometheus' naming rules (promtool lints them):
        // process_cpu_time_ns_total (abbreviated unit) and system_cpu_count (a gauge ending in _count).
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
                || id.getName().equals("system.cpu.count")));
        this.requests = new RequestMetrics(registry);
        this.pods = new PodGauges(registry, datastore, inFlight, store, clock, health);
        this.profile = profile;
        prefixCache();
        // Registered at 0 up front: a bug's first occurrence is then a rise that rate() and alerts see,
        // not a series appearing out of nowhere.
        for (String listener : LISTENERS) {
            internalErrorCounter(listener);
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** The observer to tell about every request. */
    public RequestObserver requests() {
        return requests;
    }

    /** Exposes the access log's count of lines dropped because its queue was full. */
    public void accessLogDropped(LongSupplier dropped) {
        counted.add(dropped);
        FunctionCounter.builder(MetricNames.ACCESS_LOG_DROPPED, dropped, LongSupplier::getAsLong)
                .description("Access log lines dropped because the writer fell behind").register(registry);
    }

    /**
     * Exposes whether the shared rate-limit store at {@code address} answers (1) or not (0); the
     * supplier is kept here for as long as the registry reads it.
     */
    public void rateLimitStore(String address, java.util.function.BooleanSupplier available) {
        counted.add(available);
        io.micrometer.core.instrument.Gauge.builder(MetricNames.RATE_LIMIT_STORE_UP, available, a -> a.getAsBoolean() ? 1 : 0)
                .description("Whether the shared (Redis) rate-limit store answers; 0: its failure policy applies")
                .tag("address", address).register(registry);
    }

    /**
     * Kubernetes mode: when the router last confirmed its state with the API server (Unix seconds; 0
     * before the first sync) and whether it reaches it now (1) or serves its last state (0).
     */
    public void sourceState(Supplier<SourceState> state) {
        sourceStates.add(state);
        Gauge.builder(MetricNames.SOURCE_LAST_SYNC, state, s -> s.get().lastSync().map(t -> t.toEpochMilli() / 1000.0)
                        .orElse(0.0))
                .description("When the routing state was last confirmed with the Kubernetes API server (Unix time)")
                .register(registry);
        Gauge.builder(MetricNames.SOURCE_CONNECTED, state, s -> s.get().connected() ? 1.0 : 0.0)
                .description("1 while the Kubernetes API server is reachable, 0 while the last known state is served")
                .register(registry);
    }

    /**
     * The fairness queue's families (only when fairness is on, so a router without it exports none);
     * {@code sizes}: model to {@code [queued, released and unfinished]}.
     */
    public io.llmrouter.application.fairness.FairnessQueues.Listener fairness(
            Supplier<java.util.Map<String, int[]>> sizes) {
        counted.add(sizes);
        return new FairnessMeters(registry, sizes);
    }

    /** Counts one bug of the router itself, caught on {@code listener}'s request path. */
    public void internalError(String listener) {
        internalErrorCounter(listener).increment();
    }

    private io.micrometer.core.instrument.Counter internalErrorCounter(String listener) {
        return io.micrometer.core.instrument.Counter.builder(MetricNames.INTERNAL_ERRORS).tag("listener", listener)
                .description("Unexpected exceptions on a request path (router bugs), answered with a 500")
                .register(registry);
    }

    /** The exposition for a request with this {@code Accept} header (may be null). */
    public Exposition scrape(String accept) {
        pods.refresh();
        String type = accept != null && accept.contains("application/openmetrics-text")
                ? OPENMETRICS : PROMETHEUS_TEXT;
        return new Exposition(type, registry.scrape(type));
    }

    /** Rendered metrics and their content type. */
    public record Exposition(String contentType, String body) {
    }

    private void prefixCache() {
        // The profile (and its index) may be swapped by a config reload: read through the supplier each time.
        Gauge.builder(MetricNames.PREFIX_ENTRIES, profile, p -> prefix(p).map(c -> (double) c.index().entries()).orElse(0.0))
                .description("Block hashes held by the prefix-cache index, all pods").register(registry);
        FunctionCounter.builder(MetricNames.PREFIX_EVICTIONS, profile,
                        p -> prefix(p).map(c -> (double) c.index().evictions()).orElse(0.0))
                .description("Block hashes evicted from the prefix-cache index (resets when the scheduler reloads)")
                .register(registry);
    }

    private static Optional<PrefixCache> prefix(Supplier<SchedulingProfile> profile) {
        for (WeightedScorer ws : profile.get().scorers()) {
            if (ws.scorer() instanceof PrefixCache cache) {
                return Optional.of(cache);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
