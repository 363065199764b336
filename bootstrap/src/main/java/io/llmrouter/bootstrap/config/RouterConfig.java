package io.llmrouter.bootstrap.config;

import java.util.Optional;

/**
 * The whole router configuration, typed and checked once at startup. {@code adminToken}: the bearer
 * token the admin listener requires ({@code listeners.admin.token}); a secret, redacted wherever the
 * configuration is shown. {@code limits}: the other {@code limits.*} keys (concurrency, headers).
 */
public record RouterConfig(ListenerConfig inference, ListenerConfig metrics, ListenerConfig admin,
                           DatastoreConfig datastore, long maxRequestBodyBytes, UpstreamConfig upstream,
                           EngineMetricsConfig engineMetrics, DebugConfig debug, SchedulerConfig scheduler,
                           Optional<String> adminToken, TracingConfig tracing, AccessLogConfig accessLog,
                           LimitsConfig limits, ShutdownConfig shutdown, TenancyConfig tenancy,
                           KvEventsConfig kvEvents, FairnessConfig fairness) {

    public RouterConfig {
        java.util.Objects.requireNonNull(tenancy, "'tenancy' must not be null");
        java.util.Objects.requireNonNull(kvEvents, "'kvEvents' must not be null");
        java.util.Objects.requireNonNull(fairness, "'fairness' must not be null");
        java.util.Objects.requireNonNull(limits, "'limits' must not be null");
        java.util.Objects.requireNonNull(shutdown, "'shutdown' must not be null");
        java.util.Objects.requireNonNull(adminToken, "'adminToken' must not be null");
        java.util.Objects.requireNonNull(tracing, "'tracing' must not be null");
        java.util.Objects.requireNonNull(accessLog, "'accessLog' must not be null");
        if (adminToken.isPresent() && adminToken.get().isBlank()) {
            throw new ConfigException("listeners.admin.token must not be blank");
        }
    }

    /** No authentication and no tenant limits: what callers that predate those settings use. */
    public RouterConfig(ListenerConfig inference, ListenerConfig metrics, ListenerConfig admin,
                        DatastoreConfig datastore, long maxRequestBodyBytes, UpstreamConfig upstream,
                        EngineMetricsConfig engineMetrics, DebugConfig debug, SchedulerConfig scheduler,
                        Optional<String> adminToken, TracingConfig tracing, AccessLogConfig accessLog,
                        LimitsConfig limits, ShutdownConfig shutdown) {
        this(inference, metrics, admin, datastore, maxRequestBodyBytes, upstream, engineMetrics, debug, scheduler,
                adminToken, tracing, accessLog, limits, shutdown, TenancyConfig.DEFAULT, KvEventsConfig.OFF,
                FairnessConfig.DEFAULT);
    }

    /** Default concurrency bound and shutdown: what callers that predate those settings use. */
    public RouterConfig(ListenerConfig inference, ListenerConfig metrics, ListenerConfig admin,
                        DatastoreConfig datastore, long maxRequestBodyBytes, UpstreamConfig upstream,
                        EngineMetricsConfig engineMetrics, DebugConfig debug, SchedulerConfig scheduler,
                        Optional<String> adminToken, TracingConfig tracing, AccessLogConfig accessLog) {
        this(inference, metrics, admin, datastore, maxRequestBodyBytes, upstream, engineMetrics, debug, scheduler,
                adminToken, tracing, accessLog, LimitsConfig.DEFAULT, ShutdownConfig.DEFAULT);
    }

    /** No access log: what callers that predate that setting use. */
    public RouterConfig(ListenerConfig inference, ListenerConfig metrics, ListenerConfig admin,
                        DatastoreConfig datastore, long maxRequestBodyBytes, UpstreamConfig upstream,
                        EngineMetricsConfig engineMetrics, DebugConfig debug, SchedulerConfig scheduler,
                        Optional<String> adminToken, TracingConfig tracing) {
        this(inference, metrics, admin, datastore, maxRequestBodyBytes, upstream, engineMetrics, debug, scheduler,
                adminToken, tracing, AccessLogConfig.OFF);
    }

    /** No admin token, no tracing, no access log: what tests and callers that predate those settings use. */
    public RouterConfig(ListenerConfig inference, ListenerConfig metrics, ListenerConfig admin,
                        DatastoreConfig datastore, long maxRequestBodyBytes, UpstreamConfig upstream,
                        EngineMetricsConfig engineMetrics, DebugConfig debug, SchedulerConfig scheduler) {
        this(inference, metrics, admin, datastore, maxRequestBodyBytes, upstream, engineMetrics, debug, scheduler,
                Optional.empty(), TracingConfig.OFF);
    }

    public RouterConfig withAdminToken(Optional<String> token) {
        return new RouterConfig(inference, metrics, admin, datastore, maxRequestBodyBytes, upstream, engineMetrics,
                debug, scheduler, token, tracing, accessLog, limits, shutdown, tenancy, kvEvents, fairness);
    }

    public RouterConfig withTracing(TracingConfig newTracing) {
        return new RouterConfig(inference, metrics, admin, datastore, maxRequestBodyBytes, upstream, engineMetrics,
                debug, scheduler, adminToken, newTracing, accessLog, limits, shutdown, tenancy, kvEvents, fairness);
    }

    public RouterConfig withPorts(Integer inferencePort, Integer metricsPort, Integer adminPort) {
        return new RouterConfig(
                inferencePort == null ? inference : inference.withPort(inferencePort),
                metricsPort == null ? metrics : metrics.withPort(metricsPort),
                adminPort == null ? admin : admin.withPort(adminPort),
                datastore, maxRequestBodyBytes, upstream, engineMetrics, debug, scheduler, adminToken, tracing, accessLog, limits, shutdown, tenancy, kvEvents, fairness);
    }

    /** The inference and metrics listeners on {@code host}; the admin listener keeps its own. */
    public RouterConfig withHost(String host) {
        return new RouterConfig(new ListenerConfig(host, inference.port()), new ListenerConfig(host, metrics.port()),
                admin, datastore, maxRequestBodyBytes, upstream, engineMetrics, debug, scheduler, adminToken, tracing,
                accessLog, limits, shutdown, tenancy, kvEvents, fairness);
    }

    public RouterConfig withDatastore(DatastoreConfig newDatastore) {
        return new RouterConfig(inference, metrics, admin, newDatastore, maxRequestBodyBytes, upstream, engineMetrics,
                debug, scheduler, adminToken, tracing, accessLog, limits, shutdown, tenancy, kvEvents, fairness);
    }

    public RouterConfig withAccessLog(AccessLogConfig newAccessLog) {
        return new RouterConfig(inference, metrics, admin, datastore, maxRequestBodyBytes, upstream, engineMetrics,
                debug, scheduler, adminToken, tracing, newAccessLog, limits, shutdown, tenancy, kvEvents, fairness);
    }

    public RouterConfig withShutdown(ShutdownConfig newShutdown) {
        return new RouterConfig(inference, metrics, admin, datastore, maxRequestBodyBytes, upstream, engineMetrics,
                debug, scheduler, adminToken, tracing, accessLog, limits, newShutdown, tenancy, kvEvents, fairness);
    }

    public RouterConfig withLimits(LimitsConfig newLimits) {
        return new RouterConfig(inference, metrics, admin, datastore, maxRequestBodyBytes, upstream, engineMetrics,
                debug, scheduler, adminToken, tracing, accessLog, newLimits, shutdown, tenancy, kvEvents, fairness);
    }

    public RouterConfig withTenancy(TenancyConfig newTenancy) {
        return new RouterConfig(inference, metrics, admin, datastore, maxRequestBodyBytes, upstream, engineMetrics,
                debug, scheduler, adminToken, tracing, accessLog, limits, shutdown, newTenancy, kvEvents, fairness);
    }

    public RouterConfig withKvEvents(KvEventsConfig newKvEvents) {
        return new RouterConfig(inference, metrics, admin, datastore, maxRequestBodyBytes, upstream, engineMetrics,
                debug, scheduler, adminToken, tracing, accessLog, limits, shutdown, tenancy, newKvEvents, fairness);
    }

    public RouterConfig withUpstream(UpstreamConfig newUpstream) {
        return new RouterConfig(inference, metrics, admin, datastore, maxRequestBodyBytes, newUpstream, engineMetrics,
                debug, scheduler, adminToken, tracing, accessLog, limits, shutdown, tenancy, kvEvents, fairness);
    }

    public RouterConfig withFairness(FairnessConfig newFairness) {
        return new RouterConfig(inference, metrics, admin, datastore, maxRequestBodyBytes, upstream, engineMetrics,
                debug, scheduler, adminToken, tracing, accessLog, limits, shutdown, tenancy, kvEvents, newFairness);
    }
}
