package io.llmrouter.bootstrap.config;

/** The whole router configuration, typed and checked once at startup. */
public record RouterConfig(ListenerConfig inference, ListenerConfig metrics, ListenerConfig admin,
                           DatastoreConfig datastore, long maxRequestBodyBytes, UpstreamConfig upstream,
                           EngineMetricsConfig engineMetrics, DebugConfig debug, SchedulerConfig scheduler) {

    public RouterConfig withPorts(Integer inferencePort, Integer metricsPort, Integer adminPort) {
        return new RouterConfig(
                inferencePort == null ? inference : inference.withPort(inferencePort),
                metricsPort == null ? metrics : metrics.withPort(metricsPort),
                adminPort == null ? admin : admin.withPort(adminPort),
                datastore, maxRequestBodyBytes, upstream, engineMetrics, debug, scheduler);
    }

    public RouterConfig withDatastore(DatastoreConfig newDatastore) {
        return new RouterConfig(inference, metrics, admin, newDatastore, maxRequestBodyBytes, upstream, engineMetrics,
                debug, scheduler);
    }
}
