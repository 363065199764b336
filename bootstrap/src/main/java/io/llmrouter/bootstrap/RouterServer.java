package io.llmrouter.bootstrap;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;
import io.llmrouter.adapters.engines.forward.HelidonEngineGateway;
import io.llmrouter.adapters.engines.forward.HelidonPdGateway;
import io.llmrouter.domain.pd.PdSettings;
import io.llmrouter.adapters.engines.metrics.HttpEngineMetricsSource;
import io.llmrouter.adapters.http.AdminAuth;
import io.llmrouter.adapters.http.AuthFilter;
import io.llmrouter.adapters.http.ConfigDumpService;
import io.llmrouter.adapters.http.DebugService;
import io.llmrouter.adapters.http.HeaderLimits;
import io.llmrouter.adapters.http.HealthService;
import io.llmrouter.adapters.http.InboundSettings;
import io.llmrouter.adapters.http.ModelsService;
import io.llmrouter.adapters.http.OpenAiInferenceService;
import io.llmrouter.adapters.http.InternalErrors;
import io.llmrouter.adapters.http.RouterRoutes;
import io.llmrouter.adapters.http.StalledWrites;
import io.llmrouter.adapters.http.TransportErrors;
import io.llmrouter.adapters.observe.accesslog.AccessLogFormat;
import io.llmrouter.adapters.observe.accesslog.AccessLogOutput;
import io.llmrouter.adapters.observe.accesslog.AccessLogger;
import io.llmrouter.adapters.observe.metrics.MetricsService;
import io.llmrouter.adapters.observe.metrics.PrometheusMetrics;
import io.llmrouter.application.admission.AdmissionGate;
import io.llmrouter.adapters.k8s.kubernetes.KubernetesResourceSource;
import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.SourceState;
import io.llmrouter.application.health.TrackPodHealth;
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
import io.llmrouter.bootstrap.config.ShutdownConfig;
import io.llmrouter.bootstrap.scheduling.PluginCatalog;
import io.llmrouter.bootstrap.config.KvEventsConfig;
import io.llmrouter.adapters.engines.kvevents.EngineTokenizer;
import io.llmrouter.adapters.engines.kvevents.KvEventSubscriber;
import io.llmrouter.adapters.engines.kvevents.KvEventSubscriptions;
import io.llmrouter.domain.kvcache.KvBlockIndex;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
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
    private static final System.Logger LOG = System.getLogger(RouterServer.class.getName());
    /** How long cut requests get to write their last words before the listeners are torn down. */
    private static final Duration AFTER_CUT = Duration.ofSeconds(2);
    private static final Duration HELIDON_STOP_MARGIN = Duration.ofSeconds(5);

    private final WebServer server;
    private final ResourceSource source;
    private final Datastore datastore;
    private final PollEngineMetrics poller;
    private final SchedulerReloader scheduler;
    private final PodMetricsStore metrics;
    private PrometheusMetrics prometheus;
    private Optional<AccessLogger> accessLog = Optional.empty();
    private TracingSetup tracing;
    private TenancySetup tenancy;
    private AdmissionGate gate;
    private HelidonEngineGateway gateway;
    private ShutdownConfig shutdown;
    private StalledWrites stalledWrites;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Optional<KvEventSubscriber> kvEvents = Optional.empty();
    private FairnessReloader fairnessReloader;

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
        Optional<KvEventSubscriber> kvEvents = kvEvents(config.kvEvents(), datastore);
        PluginCatalog.KvCacheSupport kvCache = kvEvents.isEmpty() ? PluginCatalog.KvCacheSupport.none()
                : new PluginCatalog.KvCacheSupport(kvEvents.get().index(), new EngineTokenizer(datastore,
                        config.kvEvents().tokenizeBudget(), config.kvEvents().tokenizeTimeout(),
                        config.kvEvents().tokenizeCacheSize()));
        SchedulerReloader scheduler = new SchedulerReloader(PluginCatalog.defaults(random, System::nanoTime, kvCache),
                config.scheduler(), configFile, config.datastore().pollInterval());
        EngineMetricsConfig em = config.engineMetrics();
        PodMetricsStore metrics = new PodMetricsStore(em.maxAge());
        InFlightCounter inFlight = new InFlightCounter();
        // One monotonic clock for the request's timing stamps, in the use case and in the inbound adapter.
        Ticker ticker = System::nanoTime;
        TrackPodHealth health = new TrackPodHealth(datastore, metrics, config.upstream().outlierDetection().settings(),
                ticker, clock);
        health.start();
        PollEngineMetrics poller = new PollEngineMetrics(datastore,
                new HttpEngineMetricsSource(em.scrapeTimeout(), em.maxScrapeBytes(), clock), metrics, em.scrapeInterval(), em.maxConcurrency(), clock,
                List.of(pod -> scheduler.current().removed(pod), inFlight::forget, health.detector()::forget),
                health.detector());
        poller.start();
        TenancySetup tenancy = TenancySetup.from(config.tenancy(), config.datastore().pollInterval(), ticker);
        DecisionLog decisions = new DecisionLog(config.debug().decisionLogSize());
        HelidonEngineGateway gateway = new HelidonEngineGateway(config.upstream().connectTimeout(),
                config.upstream().idleTimeout());
        HandleInference handleInference = new HandleInference(datastore,
                new ScheduleRequest(scheduler::current, metrics, inFlight, decisions, clock, random, health.detector()),
                gateway, inFlight, random, Sleeper.threadSleep(), ticker, health.detector(), new HelidonPdGateway(gateway),
                config.upstream().prefillDecode(), tenancy.budgets());
        PrometheusMetrics prometheus = new PrometheusMetrics(datastore, inFlight, metrics, scheduler::current, clock,
                health.detector());
        var fairnessRef = new java.util.concurrent.atomic.AtomicReference<io.llmrouter.application.fairness.FairnessQueues>();
        io.llmrouter.application.fairness.FairnessQueues fairness = new io.llmrouter.application.fairness.FairnessQueues(
                config.fairness().enabled(), config.fairness().settings(), inFlight, metrics, ticker, clock,
                // always: a live reload may turn fairness on (a model's series appear with its first queued request)
                java.time.Duration.ofMillis(20), prometheus.fairness(() -> fairnessRef.get().sizes()));
        fairnessRef.set(fairness);
        handleInference.withFairness(fairness);
        tenancy.exposeStores(store -> prometheus.rateLimitStore(store.address(), store::available));
        Optional<AccessLogger> accessLog = accessLog(config.accessLog());
        accessLog.ifPresent(log -> prometheus.accessLogDropped(log::dropped));
        // Kubernetes mode's sync and connection state, for readiness detail, /debug/datastore and metrics.
        Supplier<Optional<SourceState>> sourceState = source instanceof KubernetesResourceSource k
                ? () -> Optional.of(k.state()) : Optional::empty;
        if (source instanceof KubernetesResourceSource k) {
            prometheus.sourceState(k::state);
        }
        AdminParts admin = new AdminParts(adminAuth,
                new DebugService(datastore, decisions, () -> EffectiveConfig.of(config, scheduler.currentConfig()),
                        health::servers, sourceState).withFairness(fairness),
                new ConfigDumpService(datastore, metrics, inFlight, clock, health.detector()));
        AdmissionGate gate = new AdmissionGate(config.limits().maxConcurrentRequests());
        RequestObserver observer = observers(prometheus, accessLog);
        StalledWrites stalledWrites = new StalledWrites(config.limits().clientWriteTimeout());
        OpenAiInferenceService inference = new OpenAiInferenceService(handleInference,
                new InboundSettings(config.maxRequestBodyBytes(), config.debug().decisionHeader(), tenancy.identity()),
                observer, ticker, new InternalErrors(prometheus::internalError), gate,
                Optional.of(stalledWrites));
        TracingSetup tracing = TracingSetup.from(config.tracing());
        WebServer server = webServer(config, datastore, new HealthService(datastore, health::servers, gate::draining,
                sourceState), inference, tenancy.filter(observer, ticker), admin, prometheus, tracing).start();
        RouterServer router = new RouterServer(server, source, datastore, poller, scheduler, metrics);
        router.gate = gate;
        router.gateway = gateway;
        router.shutdown = config.shutdown();
        router.stalledWrites = stalledWrites;
        router.prometheus = prometheus;
        router.accessLog = accessLog;
        router.tracing = tracing;
        router.tenancy = tenancy;
        router.kvEvents = kvEvents;
        router.fairnessReloader = new FairnessReloader(fairness, configFile, config.datastore().pollInterval());
        if (!server.isRunning()) {
            // Lost a race for a port checked free above: Helidon has logged it and stopped every listener.
            router.close();
            throw new ListenerUnavailableException("", listeners(config), "see the log above for which one");
        }
        scheduler.start();
        router.fairnessReloader.start();
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

    private static WebServer webServer(RouterConfig config, Datastore datastore, HealthService health,
                                       OpenAiInferenceService inference, AuthFilter auth,
                                       AdminParts adminParts, PrometheusMetrics prometheus, TracingSetup tracing) {
        ModelsService models = new ModelsService(new ListModels(datastore));
        ListenerConfig admin = config.admin();
        int parserLimit = HeaderLimits.parserLimit(config.limits().maxHeaderBytes());
        // One HTTP/1 parser limit and one error writer for all three listeners.
        Http1Config http1 = Http1Config.builder().maxHeadersSize(parserLimit).build();
        DirectHandlers transportErrors = everyEvent(new TransportErrors(parserLimit));
        HeaderLimits headerLimits = new HeaderLimits(config.limits().maxHeaderBytes(), config.limits().maxHeaderCount());
        return WebServer.builder()
                .addProtocol(http1)
                .directHandlers(transportErrors)
                .host(config.inference().host())
                .port(config.inference().port())
                // SSE flushes small writes; without this Nagle holds each one for the client's delayed ACK (~40 ms).
                .connectionOptions(o -> o.tcpNoDelay(true))
                // The drain is the router's own (shutDownGracefully); Helidon must not interrupt the
                // exchanges it is waiting for before the router has cut them.
                .shutdownGracePeriod(config.shutdown().drainTimeout().plus(HELIDON_STOP_MARGIN))
                .routing(r -> RouterRoutes.inference(r.addFilter(headerLimits), tracing.filter(), auth, inference, models,
                        health))
                .putSocket(ADMIN_SOCKET, s -> s.host(admin.host()).port(admin.port())
                        .addProtocol(http1)
                        .directHandlers(transportErrors))
                .routing(ADMIN_SOCKET, r -> RouterRoutes.admin(r.addFilter(headerLimits), adminParts.auth(), adminParts.debug(),
                        adminParts.configDump(), health, inference.internalErrors()))
                .putSocket(METRICS_SOCKET, s -> s.host(config.metrics().host()).port(config.metrics().port())
                        .addProtocol(http1)
                        .directHandlers(transportErrors))
                .routing(METRICS_SOCKET, r -> RouterRoutes.metrics(r.addFilter(headerLimits), new MetricsService(prometheus),
                        inference.internalErrors()))
                .build();
    }

    /** Helidon's own error answers (before any route runs), every kind of them, in the OpenAI envelope. */
    private static DirectHandlers everyEvent(TransportErrors errors) {
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        for (io.helidon.http.DirectHandler.EventType event : io.helidon.http.DirectHandler.EventType.values()) {
            handlers.addHandler(event, errors);
        }
        return handlers.build();
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

    /** The KV block index fed by the engines' events, when {@code kvEvents.enabled}; for tests and tools. */
    public Optional<io.llmrouter.domain.kvcache.KvBlockIndex> kvIndex() {
        return kvEvents.map(KvEventSubscriber::index);
    }

    public PollEngineMetrics poller() {
        return poller;
    }

    /**
     * Stops as a router behind a load balancer should (SIGTERM, SIGINT): {@code /readyz} turns 503
     * at once; after {@code shutdown.gracePeriod} the listeners refuse new connections; the requests
     * still running get {@code shutdown.drainTimeout} to finish, and whatever still runs then is cut:
     * its engine connection closed, a stream ended with the router's error event and {@code [DONE]},
     * a request still waiting for its engine answered 503. Then everything else is closed.
     */
    public void shutDownGracefully() {
        if (closed.get()) {
            return;
        }
        gate.startDraining();
        LOG.log(System.Logger.Level.INFO, "shutting down: /readyz answers 503; {0} request(s) in flight; new "
                + "connections refused in {1} ms, then up to {2} ms for running requests to finish",
                gate.active(), shutdown.gracePeriod().toMillis(), shutdown.drainTimeout().toMillis());
        try {
            Thread.sleep(shutdown.gracePeriod());
            // Helidon's stop refuses new connections, closes idle ones and waits for the running exchanges.
            Thread stopping = Thread.ofVirtual().name("listeners-stop").start(server::stop);
            if (!gate.awaitIdle(shutdown.drainTimeout())) {
                LOG.log(System.Logger.Level.WARNING, "shutdown: drain timeout of {0} ms passed with {1} request(s) "
                        + "still running; cutting them", shutdown.drainTimeout().toMillis(), gate.active());
                gateway.cutInFlight("the router is shutting down and ended this request after its drain timeout of "
                        + shutdown.drainTimeout().toMillis() + " ms (shutdown.drainTimeout)");
                gate.awaitIdle(AFTER_CUT);
            }
            stopping.join(HELIDON_STOP_MARGIN.plus(AFTER_CUT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /** Stops everything at once: running requests are interrupted (tests, and the end of a graceful shutdown). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop();
        scheduler.close();
        if (fairnessReloader != null) {
            fairnessReloader.close();
        }
        poller.close();
        source.close();
        prometheus.close();
        stalledWrites.close();
        accessLog.ifPresent(AccessLogger::close);
        tracing.close();
        tenancy.close();
        kvEvents.ifPresent(KvEventSubscriber::close);
    }

    /** With {@code kvEvents.enabled}: the block index and one subscription per engine pod, following the datastore. */
    private static Optional<KvEventSubscriber> kvEvents(KvEventsConfig kv, Datastore datastore) {
        if (!kv.enabled()) {
            return Optional.empty();
        }
        KvEventSubscriber subscriber = new KvEventSubscriber(new KvBlockIndex(kv.maxMemoryBytes(), System::nanoTime),
                kv.topic(), kv.replayTimeout());
        new KvEventSubscriptions(datastore, subscriber, kv.endpoint(), kv.replayEndpoint().orElse(null)).start();
        return Optional.of(subscriber);
    }
}
