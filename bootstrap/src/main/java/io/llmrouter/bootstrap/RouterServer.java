package io.llmrouter.bootstrap;

import io.helidon.webserver.WebServer;
import io.llmrouter.adapters.engines.forward.HelidonEngineGateway;
import io.llmrouter.adapters.engines.metrics.HttpEngineMetricsSource;
import io.llmrouter.adapters.http.AdminAuth;
import io.llmrouter.adapters.http.ConfigDumpService;
import io.llmrouter.adapters.http.DebugService;
import io.llmrouter.adapters.http.HealthService;
import io.llmrouter.adapters.http.InboundSettings;
import io.llmrouter.adapters.http.ModelsService;
import io.llmrouter.adapters.http.OpenAiInferenceService;
import io.llmrouter.adapters.http.InternalErrors;
import io.llmrouter.adapters.http.RouterRoutes;
import io.llmrouter.adapters.observe.accesslog.AccessLogFormat;
import io.llmrouter.adapters.observe.accesslog.AccessLogOutput;
import io.llmrouter.adapters.observe.accesslog.AccessLogger;
import io.llmrouter.adapters.observe.metrics.MetricsService;
import io.llmrouter.adapters.observe.metrics.PrometheusMetrics;
import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.inference.HandleInference;
import io.llmrouter.application.inference.Sleeper;
import io.llmrouter.application.metrics.InFlightCounter;
import io.llmrouter.application.metrics.PodMetricsStore;
import io.llmrouter.application.metrics.PollEngineMetrics;
import io.llmrouter.application.models.ListModels;
import io.llmrouter.application.observe.RequestObserver;
import io.llmrouter.application.scheduling.DecisionLog;
import io.llmrouter.application.scheduling.ScheduleRequest;
import io.llmrouter.bootstrap.config.AccessLogConfig;
import io.llmrouter.bootstrap.config.ConfigException;
import io.llmrouter.bootstrap.config.EffectiveConfig;
import io.llmrouter.bootstrap.config.EngineMetricsConfig;
import io.llmrouter.bootstrap.config.ListenerConfig;
import io.llmrouter.bootstrap.config.RouterConfig;
import io.llmrouter.bootstrap.scheduling.PluginCatalog;
import io.llmrouter.bootstrap.scheduling.SchedulerReloader;
import io.llmrouter.domain.port.ResourceSource;
import io.llmrouter.domain.port.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The router, wired by hand: datastore fed by a resource source, engine metrics poller, scheduler
 * (reloadable), the inference use case, Prometheus metrics and the listeners (inference, metrics,
 * admin). One instance per
 * process, or per test.
 */
public final class RouterServer implements AutoCloseable {

    static final String ADMIN_SOCKET = "admin";
    static final String METRICS_SOCKET = "metrics";

    private final WebServer server;
    private final ResourceSource source;
    private final Datastore datastore;
    private final PollEngineMetrics poller;
    private final SchedulerReloader scheduler;
    private final PodMetricsStore metrics;
    private PrometheusMetrics prometheus;
    private Optional<AccessLogger> accessLog = Optional.empty();
    private TracingSetup tracing;

    private RouterServer(WebServer server, ResourceSource source, Datastore datastore, PollEngineMetrics poller,
                         SchedulerReloader scheduler, PodMetricsStore metrics) {
        this.server = server;
        this.source = source;
        this.datastore = datastore;
        this.poller = poller;
        this.scheduler = scheduler;
        this.metrics = metrics;
    }

    public static RouterServer start(RouterConfig config, ResourceSource source) {
        return start(config, source, Optional.empty());
    }

    /** Starts everything; with a config file, its scheduler section is watched and reloaded live. */
    public static RouterServer start(RouterConfig config, ResourceSource source, Optional<Path> configFile) {
        // Checked first: an admin listener open to the network without a token must not even start.
        AdminAuth adminAuth = AdminAccess.auth(config.admin(), config.adminToken());
        checkBindable(config);
        // Shared by every request thread, so backed by the thread-local generator.
        RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
        Clock clock = Clock.systemUTC();
        Datastore datastore = new Datastore(source.describe(), clock, new LoggingProblemLog());
        source.start(datastore);
        SchedulerReloader scheduler = new SchedulerReloader(PluginCatalog.defaults(random, System::nanoTime),
                config.scheduler(), configFile, config.datastore().pollInterval());
        EngineMetricsConfig em = config.engineMetrics();
        PodMetricsStore metrics = new PodMetricsStore(em.maxAge());
        InFlightCounter inFlight = new InFlightCounter();
        PollEngineMetrics poller = new PollEngineMetrics(datastore,
                new HttpEngineMetricsSource(em.scrapeTimeout(), em.maxScrapeBytes(), clock), metrics, em.scrapeInterval(), em.maxConcurrency(), clock,
                List.of(pod -> scheduler.current().removed(pod), inFlight::forget));
        poller.start();
        DecisionLog decisions = new DecisionLog(config.debug().decisionLogSize());
        // One monotonic clock for the request's timing stamps, in the use case and in the inbound adapter.
        Ticker ticker = System::nanoTime;
        HandleInference handleInference = new HandleInference(datastore,
                new ScheduleRequest(scheduler::current, metrics, inFlight, decisions, clock, random),
                new HelidonEngineGateway(config.upstream().connectTimeout(), config.upstream().idleTimeout()),
                inFlight, random, Sleeper.threadSleep(), ticker);
        PrometheusMetrics prometheus = new PrometheusMetrics(datastore, inFlight, metrics, scheduler::current, clock);
        Optional<AccessLogger> accessLog = accessLog(config.accessLog());
        accessLog.ifPresent(log -> prometheus.accessLogDropped(log::dropped));
        AdminParts admin = new AdminParts(adminAuth,
                new DebugService(datastore, decisions, () -> EffectiveConfig.of(config, scheduler.currentConfig())),
                new ConfigDumpService(datastore, metrics, inFlight, clock));
        OpenAiInferenceService inference = new OpenAiInferenceService(handleInference,
                new InboundSettings(config.maxRequestBodyBytes(), config.debug().decisionHeader()),
                observers(prometheus, accessLog), ticker, new InternalErrors(prometheus::internalError));
        TracingSetup tracing = TracingSetup.from(config.tracing());
        WebServer server = webServer(config, datastore, inference, admin, prometheus, tracing).start();
        RouterServer router = new RouterServer(server, source, datastore, poller, scheduler, metrics);
        router.prometheus = prometheus;
        router.accessLog = accessLog;
        router.tracing = tracing;
        if (!server.isRunning()) {
            // Lost a race for a port checked free above: Helidon has logged it and stopped every listener.
            router.close();
            throw new ListenerUnavailableException("", listeners(config), "see the log above for which one");
        }
        scheduler.start();
        return router;
    }

    /**
     * Binds every fixed-port listener address, all at once, before anything starts: a port in use
     * (by another process or by another of these listeners) is then one clear error naming the
     * listener, instead of Helidon's stack traces and a router that never serves. Port 0 (a free
     * port) cannot collide.
     */
    private static void checkBindable(RouterConfig config) {
        Map<String, ListenerConfig> listeners = new LinkedHashMap<>();
        listeners.put("inference", config.inference());
        listeners.put(METRICS_SOCKET, config.metrics());
        listeners.put(ADMIN_SOCKET, config.admin());
        List<ServerSocket> bound = new ArrayList<>();
        try {
            for (Map.Entry<String, ListenerConfig> listener : listeners.entrySet()) {
                ListenerConfig l = listener.getValue();
                if (l.port() == 0) {
                    continue;
                }
                try {
                    ServerSocket socket = new ServerSocket();
                    bound.add(socket);
                    socket.setReuseAddress(true);
                    socket.bind(new InetSocketAddress(l.host(), l.port()));
                } catch (IOException | IllegalArgumentException | SecurityException e) {
                    throw new ListenerUnavailableException(listener.getKey(), address(l), reason(e));
                }
            }
        } finally {
            bound.forEach(RouterServer::closeQuietly);
        }
    }

    /** Java's wording, as part of a sentence: "Address already in use" -> "address already in use". */
    private static String reason(Exception e) {
        String text = e.getMessage() == null || e.getMessage().isBlank() ? "cannot bind" : e.getMessage();
        if (text.equalsIgnoreCase("Unresolved address")) {
            return "the host name does not resolve";
        }
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private static String address(ListenerConfig l) {
        return (l.host().contains(":") ? "[" + l.host() + "]" : l.host()) + ":" + l.port();
    }

    private static String listeners(RouterConfig config) {
        return "inference " + address(config.inference()) + ", metrics " + address(config.metrics()) + ", admin "
                + address(config.admin());
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Only probed; nothing was accepted on it.
        }
    }

    private static Optional<AccessLogger> accessLog(AccessLogConfig config) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AccessLogger(AccessLogFormat.named(config.format()),
                    AccessLogOutput.open(config.output()), config.queueSize()));
        } catch (java.io.UncheckedIOException e) {
            throw new ConfigException("accessLog.output: " + e.getMessage());
        }
    }

    /** Metrics first, then the access log: both only count or enqueue, neither blocks the request. */
    private static RequestObserver observers(PrometheusMetrics prometheus, Optional<AccessLogger> accessLog) {
        return accessLog.isEmpty() ? prometheus.requests()
                : RequestObserver.all(List.of(prometheus.requests(), accessLog.get()));
    }

    /** The admin listener's gate and services. */
    private record AdminParts(AdminAuth auth, DebugService debug, ConfigDumpService configDump) {
    }

    private static WebServer webServer(RouterConfig config, Datastore datastore, OpenAiInferenceService inference,
                                       AdminParts adminParts, PrometheusMetrics prometheus, TracingSetup tracing) {
        HealthService health = new HealthService(datastore);
        ModelsService models = new ModelsService(new ListModels(datastore));
        ListenerConfig admin = config.admin();
        return WebServer.builder()
                .host(config.inference().host())
                .port(config.inference().port())
                // SSE flushes small writes; without this Nagle holds each one for the client's delayed ACK (~40 ms).
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> RouterRoutes.inference(r, tracing.filter(), inference, models, health))
                .putSocket(ADMIN_SOCKET, s -> s.host(admin.host()).port(admin.port()))
                .routing(ADMIN_SOCKET, r -> RouterRoutes.admin(r, adminParts.auth(), adminParts.debug(),
                        adminParts.configDump(), health, inference.internalErrors()))
                .putSocket(METRICS_SOCKET, s -> s.host(config.metrics().host()).port(config.metrics().port()))
                .routing(METRICS_SOCKET, r -> {
                    RouterRoutes.guard(r, "metrics", inference.internalErrors());
                    r.register("/metrics", new MetricsService(prometheus));
                })
                .build();
    }

    public int inferencePort() {
        return server.port();
    }

    public int adminPort() {
        return server.port(ADMIN_SOCKET);
    }

    public int metricsPort() {
        return server.port(METRICS_SOCKET);
    }

    public Datastore datastore() {
        return datastore;
    }

    public PodMetricsStore metrics() {
        return metrics;
    }

    public PollEngineMetrics poller() {
        return poller;
    }

    @Override
    public void close() {
        server.stop();
        scheduler.close();
        poller.close();
        source.close();
        prometheus.close();
        accessLog.ifPresent(AccessLogger::close);
        tracing.close();
    }
}
