package io.llmrouter.bootstrap.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.llmrouter.adapters.k8s.manifest.GoDuration;
import io.llmrouter.domain.pd.PdSettings;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the router configuration file (YAML) into a {@link RouterConfig}, applying defaults and
 * refusing unknown keys and bad values at startup, with the allowed keys in the message, so a
 * typo never silently falls back to a default.
 *
 * <pre>
 * listeners:
 *   inference: {host: 0.0.0.0, port: 8080}
 *   metrics:   {host: 0.0.0.0, port: 9090}
 *   admin:     {host: 127.0.0.1, port: 15000, token: ...}   # token required unless host is loopback
 * datastore:
 *   mode: standalone            # standalone (YAML files) | kubernetes (watch the CRDs and pods)
 *   files: [/etc/llm-router/models.yaml]
 *   pollInterval: 1s
 *   kubernetes:                 # kubernetes mode only
 *     namespace: llm            # absent or empty: all namespaces
 *     kubeconfig: /etc/kube/config   # absent: $KUBECONFIG, ~/.kube/config, then the in-cluster service account
 * limits:
 *   maxRequestBodyBytes: 10485760
 *   maxConcurrentRequests: 4096   # inference requests served at once; more get 429 + Retry-After
 *   maxHeaderBytes: 16384        # a request's header block; more gets 431 (every listener)
 *   maxHeaderCount: 100          # headers of a request; more gets 431
 *   clientWriteTimeout: 60s      # a client reading nothing that long is disconnected, its engine request cancelled
 * shutdown:
 *   gracePeriod: 5s              # /readyz 503 until new connections are refused (0s allowed)
 *   drainTimeout: 25s            # then running requests may finish; the rest are cut
 * upstream:
 *   connectTimeout: 3s
 *   idleTimeout: 300s
 *   outlierDetection:            # passive health: failing pods leave rotation for a while
 *     enabled: true
 *     consecutiveFailures: 5     # connect failures, 5xx, timeouts in a row (0: off)
 *     baseEjectionTime: 30s      # n-th ejection lasts n x this ...
 *     maxEjectionTime: 300s      # ... at most this
 *     maxEjectionPercent: 50     # of a ModelServer's ready pods (one may always be ejected)
 *     consecutiveScrapeFailures: 5   # failed metrics scrapes in a row (0: off)
 *   prefillDecode:               # PD servers (workloadSelector.pdGroup): what no CRD field says
 *     mooncakeTransferId: false  # mooncake: vLLM's transfer_id handshake instead of Kthena's NIXL-style flow
 *     sglangKthenaMode: false    # sglang: Kthena's prefill body (max_tokens 1, no bootstrap_port)
 *     sglangBootstrapPort: 8998
 *     decodeOnlyFallback: true   # every prefill failed: the best decode pod computes the prompt itself
 * engineMetrics:
 *   scrapeInterval: 1s
 *   scrapeTimeout: 2s
 *   maxAge: 5s                   # older metrics count as unknown
 *   maxConcurrency: 100
 *   maxScrapeBytes: 4194304      # body cap per scrape; scrapeTimeout covers connect, headers and body
 * debug:
 *   decisionHeader: false        # x-llm-router-debug request header -> x-llm-router-decision
 *   decisionLogSize: 256
 * scheduler: ...                 # Kthena's schema, see SchedulerConfigReader
 * accessLog:
 *   enabled: true                # one line per /v1/* request
 *   format: text                 # text (Kthena's layout) | json
 *   output: stdout               # stdout | stderr | a file path (relative to this file)
 *   queueSize: 4096              # lines waiting for the writer; more are dropped and counted
 * auth: ...                      # API keys and JWT, see TenancyConfigReader
 * rateLimits: ...                # per-tenant token and request limits, Redis, see TenancyConfigReader
 * fairness: ...                  # fairness queue per model, see FairnessConfigReader
 * tracing:
 *   otlpEndpoint: http://otel-collector:4318/v1/traces   # absent = no tracing
 *   serviceName: llm-router
 *   sampleRatio: 1.0
 * </pre>
 */
public final class RouterConfigLoader {

    private static final Set<String> TOP = Set.of("listeners", "datastore", "limits", "upstream", "engineMetrics", "debug",
            "scheduler", "auth", "rateLimits", "tracing", "accessLog", "shutdown", "kvEvents", "fairness");
    private static final Set<String> ACCESS_LOG = Set.of("enabled", "format", "output", "queueSize");
    private static final Set<String> ENGINE_METRICS = Set.of("scrapeInterval", "scrapeTimeout", "maxAge", "maxConcurrency",
            "maxScrapeBytes");
    private static final Set<String> DEBUG = Set.of("decisionHeader", "decisionLogSize");
    private static final Set<String> LISTENERS = Set.of("inference", "metrics", "admin");
    private static final Set<String> LISTENER = Set.of("host", "port");
    private static final Set<String> ADMIN_LISTENER = Set.of("host", "port", "token");
    private static final Set<String> TRACING = Set.of("otlpEndpoint", "serviceName", "sampleRatio");
    private static final Set<String> DATASTORE = Set.of("mode", "files", "pollInterval", "kubernetes");
    private static final Set<String> DATASTORE_KUBERNETES = Set.of("namespace", "kubeconfig");
    private static final Set<String> LIMITS = Set.of("maxRequestBodyBytes", "maxConcurrentRequests", "maxHeaderBytes",
            "maxHeaderCount", "clientWriteTimeout");
    private static final Set<String> SHUTDOWN = Set.of("gracePeriod", "drainTimeout");
    private static final Set<String> UPSTREAM = Set.of("connectTimeout", "idleTimeout", "outlierDetection",
            "prefillDecode");
    private static final Set<String> PREFILL_DECODE = Set.of("mooncakeTransferId", "sglangKthenaMode",
            "sglangBootstrapPort", "decodeOnlyFallback");
    private static final Set<String> OUTLIER_DETECTION = Set.of("enabled", "consecutiveFailures", "baseEjectionTime",
            "maxEjectionTime", "maxEjectionPercent", "consecutiveScrapeFailures");

    static final Duration SHORTEST_WAIT = Duration.ofMillis(1);

    /**
     * Keys this router accepts (Kthena's files carry them) but does not apply yet, and what that
     * means; {@code validate} and {@code serve} warn about each one present. Delete an entry when
     * its feature is built.
     */
    private static final Map<String, String> NOT_YET_APPLIED = Map.of();

    private RouterConfigLoader() {
    }

    /** Defaults only: what {@code serve} runs with when no file is given. */
    public static RouterConfig defaults() {
        return read(Config.empty(), Optional.empty());
    }

    /**
     * Whether a YAML text is a router config file rather than manifests: one document, a mapping
     * without {@code kind} or {@code apiVersion}, with at least one of this file's top-level keys.
     * For {@code validate}, which is given both kinds, often as one directory.
     */
    public static boolean isRouterConfig(String yaml) {
        try {
            Iterator<Object> documents = new Yaml().loadAll(yaml).iterator();
            Object first = documents.hasNext() ? documents.next() : null;
            if (!(first instanceof Map<?, ?> top) || documents.hasNext()) {
                return false;
            }
            return !top.containsKey("kind") && !top.containsKey("apiVersion")
                    && top.keySet().stream().anyMatch(TOP::contains);
        } catch (RuntimeException e) {
            return false; // not YAML: the manifest reader reports where it breaks
        }
    }

    /** A warning per key of {@code file} that the router does not apply yet ({@code "auth: ..."}). */
    public static List<String> notYetApplied(Path file) {
        Config root = Config.builder().sources(ConfigSources.file(file)).disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource().build();
        return NOT_YET_APPLIED.entrySet().stream().filter(e -> root.get(e.getKey()).exists())
                .map(e -> e.getKey() + ": " + e.getValue()).sorted().toList();
    }

    /** One API key entry ({@code tenant}, {@code sha256}, {@code tier}, {@code models}) of the keys file. */
    public static io.llmrouter.domain.tenancy.ApiKey apiKey(Config entry, String at) {
        return TenancyConfigReader.apiKey(entry, at);
    }

    public static RouterConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("router config file " + file + " does not exist or is not a file");
        }
        Config config = Config.builder()
                .sources(ConfigSources.file(file))
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .build();
        return read(config, Optional.of(file.toAbsolutePath().getParent()));
    }

    /** Every problem of the file at once: each section stands in with its default when it is wrong. */
    private static RouterConfig read(Config root, Optional<Path> baseDir) {
        return Keys.collecting(() -> {
            Keys.only(root, "", TOP);
            Keys.only(root.get("listeners"), "listeners", LISTENERS);
            return new RouterConfig(
                    Keys.section(() -> listener(root, "inference", "0.0.0.0", 8080), new ListenerConfig("0.0.0.0", 8080)),
                    Keys.section(() -> listener(root, "metrics", "0.0.0.0", 9090), new ListenerConfig("0.0.0.0", 9090)),
                    Keys.section(() -> listener(root, "admin", "127.0.0.1", 15000), new ListenerConfig("127.0.0.1", 15000)),
                    Keys.section(() -> datastore(root.get("datastore"), baseDir),
                            new DatastoreConfig(DatastoreConfig.Mode.STANDALONE, List.of(), Duration.ofSeconds(1))),
                    Keys.section(() -> limits(root.get("limits")), 10L * 1024 * 1024),
                    Keys.section(() -> upstream(root.get("upstream")),
                            new UpstreamConfig(Duration.ofSeconds(3), Duration.ofSeconds(300))),
                    Keys.section(() -> engineMetrics(root.get("engineMetrics")), EngineMetricsConfig.DEFAULT),
                    Keys.section(() -> debug(root.get("debug")), DebugConfig.DEFAULT),
                    Keys.section(() -> SchedulerConfigReader.read(root.get("scheduler")), SchedulerConfig.DEFAULT),
                    root.get("listeners").get("admin").get("token").asString().asOptional(),
                    Keys.section(() -> tracing(root.get("tracing")), TracingConfig.OFF),
                    Keys.section(() -> accessLog(root.get("accessLog"), baseDir), AccessLogConfig.DEFAULT),
                    Keys.section(() -> limitsBeyondTheBody(root.get("limits")), LimitsConfig.DEFAULT),
                    Keys.section(() -> shutdown(root.get("shutdown")), ShutdownConfig.DEFAULT),
                    new TenancyConfig(
                            Keys.section(() -> TenancyConfigReader.auth(root.get("auth"), baseDir), AuthConfig.OFF),
                            Keys.section(() -> TenancyConfigReader.rateLimits(root.get("rateLimits")),
                                    RateLimitsConfig.DEFAULT)),
                    Keys.section(() -> kvEvents(root.get("kvEvents")), KvEventsConfig.OFF),
                    Keys.section(() -> FairnessConfigReader.read(root.get("fairness")), FairnessConfig.DEFAULT));
        });
    }

    private static LimitsConfig limitsBeyondTheBody(Config node) {
        LimitsConfig d = LimitsConfig.DEFAULT;
        return new LimitsConfig(
                Keys.integer(node.get("maxConcurrentRequests"), "limits.maxConcurrentRequests", d.maxConcurrentRequests()),
                Keys.integer(node.get("maxHeaderBytes"), "limits.maxHeaderBytes", d.maxHeaderBytes()),
                Keys.integer(node.get("maxHeaderCount"), "limits.maxHeaderCount", d.maxHeaderCount()),
                duration(node.get("clientWriteTimeout"), "limits.clientWriteTimeout",
                        d.clientWriteTimeout().toSeconds() + "s"));
    }

    private static KvEventsConfig kvEvents(Config node) {
        Keys.only(node, "kvEvents", Set.of("enabled", "endpoint", "replayEndpoint", "topic", "replayTimeout",
                "maxMemoryBytes", "tokenizeBudget", "tokenizeTimeout", "tokenizeCacheSize"));
        KvEventsConfig d = KvEventsConfig.OFF;
        String replay = node.get("replayEndpoint").asString().orElse("").trim();
        String memory = Keys.scalar(node.get("maxMemoryBytes"), "kvEvents.maxMemoryBytes", "a number of bytes")
                .orElse(Long.toString(d.maxMemoryBytes())).trim();
        long maxMemory;
        try {
            maxMemory = Long.parseLong(memory);
        } catch (NumberFormatException e) {
            throw new ConfigException("kvEvents.maxMemoryBytes must be a number of bytes, was '" + memory + "'");
        }
        return new KvEventsConfig(Keys.bool(node.get("enabled"), "kvEvents.enabled", d.enabled()),
                node.get("endpoint").asString().orElse(d.endpoint()).trim(),
                replay.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(replay),
                node.get("topic").asString().orElse(d.topic()),
                duration(node.get("replayTimeout"), "kvEvents.replayTimeout", "2s"), maxMemory,
                duration(node.get("tokenizeBudget"), "kvEvents.tokenizeBudget", "50ms"),
                duration(node.get("tokenizeTimeout"), "kvEvents.tokenizeTimeout", "2s"),
                Keys.integer(node.get("tokenizeCacheSize"), "kvEvents.tokenizeCacheSize", d.tokenizeCacheSize()));
    }

    private static ShutdownConfig shutdown(Config node) {
        Keys.only(node, "shutdown", SHUTDOWN);
        ShutdownConfig d = ShutdownConfig.DEFAULT;
        return new ShutdownConfig(
                duration(node.get("gracePeriod"), "shutdown.gracePeriod", d.gracePeriod().toSeconds() + "s", Duration.ZERO),
                duration(node.get("drainTimeout"), "shutdown.drainTimeout", d.drainTimeout().toSeconds() + "s"));
    }

    private static AccessLogConfig accessLog(Config node, Optional<Path> baseDir) {
        Keys.only(node, "accessLog", ACCESS_LOG);
        AccessLogConfig d = AccessLogConfig.DEFAULT;
        boolean enabled = Keys.bool(node.get("enabled"), "accessLog.enabled", d.enabled());
        String output = node.get("output").asString().orElse(d.output()).trim();
        if (!output.equals("stdout") && !output.equals("stderr") && baseDir.isPresent()) {
            output = baseDir.get().resolve(output).normalize().toString();
        }
        return new AccessLogConfig(enabled, node.get("format").asString().orElse(d.format()).trim(),
                output, Keys.integer(node.get("queueSize"), "accessLog.queueSize", d.queueSize()));
    }

    private static TracingConfig tracing(Config node) {
        Keys.only(node, "tracing", TRACING);
        Optional<java.net.URI> endpoint = node.get("otlpEndpoint").asString().asOptional().map(text -> {
            try {
                return new java.net.URI(text.trim());
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException("tracing.otlpEndpoint must be a URL such as http://otel-collector:4318/v1/traces, "
                        + "was '" + text + "'");
            }
        });
        String ratio = node.get("sampleRatio").asString().orElse("1.0");
        try {
            return new TracingConfig(endpoint, node.get("serviceName").asString().orElse(TracingConfig.OFF.serviceName()),
                    Double.parseDouble(ratio.trim()));
        } catch (NumberFormatException e) {
            throw new ConfigException("tracing.sampleRatio must be a number within 0..1, was '" + ratio + "'");
        }
    }

    /** Just the scheduler section, for a live reload of the scheduler. */
    public static SchedulerConfig loadScheduler(Path file) {
        return load(file).scheduler();
    }

    private static EngineMetricsConfig engineMetrics(Config node) {
        Keys.only(node, "engineMetrics", ENGINE_METRICS);
        EngineMetricsConfig d = EngineMetricsConfig.DEFAULT;
        return new EngineMetricsConfig(
                duration(node.get("scrapeInterval"), "engineMetrics.scrapeInterval", d.scrapeInterval().toMillis() + "ms"),
                duration(node.get("scrapeTimeout"), "engineMetrics.scrapeTimeout", d.scrapeTimeout().toMillis() + "ms"),
                duration(node.get("maxAge"), "engineMetrics.maxAge", d.maxAge().toMillis() + "ms"),
                Keys.integer(node.get("maxConcurrency"), "engineMetrics.maxConcurrency", d.maxConcurrency()),
                Keys.integer(node.get("maxScrapeBytes"), "engineMetrics.maxScrapeBytes", d.maxScrapeBytes()));
    }

    private static DebugConfig debug(Config node) {
        Keys.only(node, "debug", DEBUG);
        return new DebugConfig(Keys.bool(node.get("decisionHeader"), "debug.decisionHeader", false),
                Keys.integer(node.get("decisionLogSize"), "debug.decisionLogSize", DebugConfig.DEFAULT.decisionLogSize()));
    }

    private static ListenerConfig listener(Config root, String name, String defaultHost, int defaultPort) {
        Config node = root.get("listeners").get(name);
        Keys.only(node, "listeners." + name, name.equals("admin") ? ADMIN_LISTENER : LISTENER);
        return new ListenerConfig(node.get("host").asString().orElse(defaultHost),
                Keys.integer(node.get("port"), "listeners." + name + ".port", defaultPort));
    }

    private static DatastoreConfig datastore(Config node, Optional<Path> baseDir) {
        Keys.only(node, "datastore", DATASTORE);
        String mode = node.get("mode").asString().orElse("standalone");
        DatastoreConfig.Mode parsed = switch (mode) {
            case "standalone" -> DatastoreConfig.Mode.STANDALONE;
            case "kubernetes" -> DatastoreConfig.Mode.KUBERNETES;
            default -> throw new ConfigException("datastore.mode must be one of [standalone, kubernetes], was '" + mode + "'");
        };
        List<Path> files = node.get("files").asList(String.class).orElse(List.of()).stream()
                .map(f -> baseDir.map(d -> d.resolve(f)).orElse(Path.of(f)).normalize())
                .toList();
        Config k8s = node.get("kubernetes");
        Keys.only(k8s, "datastore.kubernetes", DATASTORE_KUBERNETES);
        Optional<Path> kubeconfig = k8s.get("kubeconfig").asString().asOptional().filter(f -> !f.isBlank())
                .map(f -> baseDir.map(d -> d.resolve(f)).orElse(Path.of(f)).normalize());
        return new DatastoreConfig(parsed, files, duration(node.get("pollInterval"), "datastore.pollInterval", "1s"),
                k8s.get("namespace").asString().asOptional(), kubeconfig);
    }

    private static long limits(Config node) {
        Keys.only(node, "limits", LIMITS);
        String allowed = "a number of bytes within 1.." + (Integer.MAX_VALUE - 8);
        String text = Keys.scalar(node.get("maxRequestBodyBytes"), "limits.maxRequestBodyBytes", allowed)
                .orElse(Long.toString(10L * 1024 * 1024)).trim();
        long max;
        try {
            max = Long.parseLong(text);
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1 || max > Integer.MAX_VALUE - 8) {
            throw new ConfigException("limits.maxRequestBodyBytes must be " + allowed + ", was '" + text + "'");
        }
        return max;
    }

    private static UpstreamConfig upstream(Config node) {
        Keys.only(node, "upstream", UPSTREAM);
        return new UpstreamConfig(duration(node.get("connectTimeout"), "upstream.connectTimeout", "3s"),
                duration(node.get("idleTimeout"), "upstream.idleTimeout", "300s"),
                outlierDetection(node.get("outlierDetection")), prefillDecode(node.get("prefillDecode")));
    }

    private static PdSettings prefillDecode(Config node) {
        String at = "upstream.prefillDecode";
        Keys.only(node, at, PREFILL_DECODE);
        PdSettings d = PdSettings.DEFAULT;
        int port = Keys.integer(node.get("sglangBootstrapPort"), at + ".sglangBootstrapPort", d.sglangBootstrapPort());
        if (port < 1 || port > 65535) {
            throw new ConfigException(at + ".sglangBootstrapPort must be a port number 1..65535, was " + port);
        }
        return new PdSettings(Keys.bool(node.get("mooncakeTransferId"), at + ".mooncakeTransferId", d.mooncakeTransferId()),
                Keys.bool(node.get("sglangKthenaMode"), at + ".sglangKthenaMode", d.sglangKthenaMode()), port,
                Keys.bool(node.get("decodeOnlyFallback"), at + ".decodeOnlyFallback", d.decodeOnlyFallback()));
    }

    private static OutlierDetectionConfig outlierDetection(Config node) {
        String at = "upstream.outlierDetection";
        Keys.only(node, at, OUTLIER_DETECTION);
        OutlierDetectionConfig d = OutlierDetectionConfig.DEFAULT;
        return new OutlierDetectionConfig(Keys.bool(node.get("enabled"), at + ".enabled", d.enabled()),
                Keys.integer(node.get("consecutiveFailures"), at + ".consecutiveFailures", d.consecutiveFailures()),
                duration(node.get("baseEjectionTime"), at + ".baseEjectionTime", d.baseEjectionTime().toSeconds() + "s"),
                duration(node.get("maxEjectionTime"), at + ".maxEjectionTime", d.maxEjectionTime().toSeconds() + "s"),
                Keys.integer(node.get("maxEjectionPercent"), at + ".maxEjectionPercent", d.maxEjectionPercent()),
                Keys.integer(node.get("consecutiveScrapeFailures"), at + ".consecutiveScrapeFailures",
                        d.consecutiveScrapeFailures()));
    }

    /**
     * Every duration of this file is a wait the router sets on a timer or a socket: from
     * {@link #SHORTEST_WAIT} (timers tick in milliseconds; less would be 0, which they refuse) to
     * {@link GoDuration#LONGEST_WAIT}. Anything else, whatever is wrong with it, gets the one message.
     */
    static Duration duration(Config node, String key, String defaultValue) {
        return duration(node, key, defaultValue, SHORTEST_WAIT);
    }

    /** A duration of at least {@code shortest}: 0 for a wait that may be skipped. */
    static Duration duration(Config node, String key, String defaultValue, Duration shortest) {
        String allowed = "a duration from " + GoDuration.format(shortest) + " to " + GoDuration.format(GoDuration.LONGEST_WAIT)
                + " such as 500ms, 3s or 1m30s (units: ns, us, ms, s, m, h)";
        String text = Keys.scalar(node, key, allowed).orElse(defaultValue);
        try {
            Duration d = GoDuration.parseWait(text);
            if (d.compareTo(shortest) >= 0) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // The same message as for a too short one below: the allowed form says it all.
        }
        throw new ConfigException(key + " must be " + allowed + ", was '" + text + "'");
    }
}
