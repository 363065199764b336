package io.llmrouter.bootstrap.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * The configuration in force, as a plain tree for {@code GET /debug/config}: the file's key names,
 * every default filled in, durations in the file's syntax, and secrets replaced by
 * {@value #REDACTED} (their presence stays visible, their value never leaves the process).
 */
public final class EffectiveConfig {

    public static final String REDACTED = "<redacted>";

    private EffectiveConfig() {
    }

    /** {@code scheduler} is passed apart because a live reload may have replaced the file's section. */
    public static Map<String, Object> of(RouterConfig c, SchedulerConfig scheduler) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> admin = listener(c.admin());
        admin.put("token", c.adminToken().map(t -> REDACTED).orElse(null));
        root.put("listeners", ordered("inference", listener(c.inference()), "metrics", listener(c.metrics()),
                "admin", admin));
        root.put("datastore", ordered("mode", c.datastore().mode().name().toLowerCase(java.util.Locale.ROOT),
                "files", c.datastore().files().stream().map(Object::toString).toList(),
                "pollInterval", duration(c.datastore().pollInterval()),
                "kubernetes", ordered("namespace", c.datastore().namespace().orElse(null),
                        "kubeconfig", c.datastore().kubeconfig().map(Object::toString).orElse(null))));
        root.put("limits", ordered("maxRequestBodyBytes", c.maxRequestBodyBytes(),
                "maxConcurrentRequests", c.limits().maxConcurrentRequests(),
                "maxHeaderBytes", c.limits().maxHeaderBytes(), "maxHeaderCount", c.limits().maxHeaderCount(),
                "clientWriteTimeout", duration(c.limits().clientWriteTimeout())));
        root.put("shutdown", ordered("gracePeriod", duration(c.shutdown().gracePeriod()),
                "drainTimeout", duration(c.shutdown().drainTimeout())));
        OutlierDetectionConfig od = c.upstream().outlierDetection();
        root.put("upstream", ordered("connectTimeout", duration(c.upstream().connectTimeout()),
                "idleTimeout", duration(c.upstream().idleTimeout()),
                "outlierDetection", ordered("enabled", od.enabled(), "consecutiveFailures", od.consecutiveFailures(),
                        "baseEjectionTime", duration(od.baseEjectionTime()), "maxEjectionTime", duration(od.maxEjectionTime()),
                        "maxEjectionPercent", od.maxEjectionPercent(),
                        "consecutiveScrapeFailures", od.consecutiveScrapeFailures()),
                "prefillDecode", ordered("mooncakeTransferId", c.upstream().prefillDecode().mooncakeTransferId(),
                        "sglangKthenaMode", c.upstream().prefillDecode().sglangKthenaMode(),
                        "sglangBootstrapPort", c.upstream().prefillDecode().sglangBootstrapPort(),
                        "decodeOnlyFallback", c.upstream().prefillDecode().decodeOnlyFallback())));
        EngineMetricsConfig em = c.engineMetrics();
        root.put("engineMetrics", ordered("scrapeInterval", duration(em.scrapeInterval()),
                "scrapeTimeout", duration(em.scrapeTimeout()), "maxAge", duration(em.maxAge()),
                "maxConcurrency", em.maxConcurrency(), "maxScrapeBytes", em.maxScrapeBytes()));
        root.put("debug", ordered("decisionHeader", c.debug().decisionHeader(),
                "decisionLogSize", c.debug().decisionLogSize()));
        root.put("scheduler", scheduler(scheduler));
        AccessLogConfig log = c.accessLog();
        root.put("accessLog", ordered("enabled", log.enabled(), "format", log.format(), "output", log.output(),
                "queueSize", log.queueSize()));
        root.put("tracing", ordered("otlpEndpoint", c.tracing().otlpEndpoint().map(Object::toString).orElse(null),
                "serviceName", c.tracing().serviceName(), "sampleRatio", c.tracing().sampleRatio()));
        root.put("auth", auth(c.tenancy().auth()));
        root.put("rateLimits", rateLimits(c.tenancy().rateLimits()));
        root.put("fairness", fairness(c.fairness()));
        return root;
    }

    private static Map<String, Object> fairness(FairnessConfig f) {
        io.llmrouter.domain.fairness.FairnessSettings s = f.settings();
        io.llmrouter.domain.fairness.GateSettings g = s.gate();
        String gate = switch (g.mode()) {
            case UTILIZATION -> "utilization";
            case CONCURRENCY -> "concurrency";
            case MAX_CONCURRENT -> "maxConcurrent";
            case QPS -> "qps";
        };
        return ordered("enabled", f.enabled(), "mode", s.mode().name().toLowerCase(java.util.Locale.ROOT),
                "windowSize", duration(s.windowSize()), "inputTokenWeight", s.inputTokenWeight(),
                "outputTokenWeight", s.outputTokenWeight(), "requestWeight", s.requestWeight(),
                "vtcIdleTtl", duration(s.idleTtl()),
                "anonymousPriority", s.anonymous().name().toLowerCase(java.util.Locale.ROOT),
                "queueTimeout", duration(s.queueTimeout()), "maxQueuedRequests", s.maxRequests(),
                "maxQueuedBytes", s.maxBytes(), "gate", gate, "perPodLimit", g.perPodLimit(),
                "maxConcurrent", g.maxConcurrent(), "maxQps", g.maxQps(), "queueDepthThreshold", g.queueDepthThreshold(),
                "kvCacheThreshold", g.kvCacheThreshold(),
                "bands", ordered("source", s.bands().source().name().toLowerCase(java.util.Locale.ROOT),
                        "header", s.bands().header(), "tiers", new java.util.TreeMap<>(s.bands().tiers()),
                        "default", s.bands().dflt()));
    }

    /** In the file's own keys; API keys without their hashes (a weak key's hash can be brute-forced). */
    private static Map<String, Object> auth(AuthConfig a) {
        Optional<io.llmrouter.adapters.http.jwt.JwtSettings> jwt = a.jwt();
        List<Map<String, Object>> keys = a.apiKeys().stream().map(k -> ordered("tenant", k.tenant(), "sha256", REDACTED,
                "tier", k.tier().orElse(null), "models", k.models().map(java.util.TreeSet::new).orElse(null))).toList();
        return ordered("issuer", jwt.map(j -> j.issuer()).orElse(null),
                "audiences", jwt.map(j -> (Object) j.audiences()).orElse(null),
                "jwksUri", jwt.map(j -> j.jwksUri().toString()).orElse(null),
                "algorithms", jwt.map(j -> (Object) new java.util.TreeSet<>(j.algorithms())).orElse(null),
                "clockSkew", jwt.map(j -> duration(j.clockSkew())).orElse(null),
                "jwksFetchTimeout", jwt.map(j -> duration(j.fetchTimeout())).orElse(null),
                "jwksRefreshInterval", jwt.map(j -> duration(j.refreshInterval())).orElse(null),
                "jwksMinRefreshInterval", jwt.map(j -> duration(j.minRefreshInterval())).orElse(null),
                "tenantClaim", jwt.flatMap(j -> j.tenantClaim()).orElse(null),
                "tierClaim", jwt.flatMap(j -> j.tierClaim()).orElse(null),
                "apiKeys", ordered("keys", keys, "file", a.apiKeyFile().map(Object::toString).orElse(null)),
                "headers", new java.util.TreeMap<>(a.headers()), "forwardCredentials", a.forwardCredentials());
    }

    private static Map<String, Object> rateLimits(RateLimitsConfig r) {
        return ordered("defaultOutputReservation", r.defaultOutputReservation(),
                "tenants", ordered("default", limits(r.tenants().defaults()), "tiers", named(r.tenants().tiers()),
                        "overrides", named(r.tenants().tenants())),
                "redis", ordered("address", r.redisAddress().orElse(null), "username", r.redis().username().orElse(null),
                        "password", r.redis().password().map(p -> REDACTED).orElse(null), "tls", r.redis().tls(),
                        "timeout", duration(r.redis().timeout()), "connectTimeout", duration(r.redis().connectTimeout()),
                        "failurePolicy", r.failurePolicy().configName(), "replicas", r.replicas(),
                        "retryInterval", duration(r.retryInterval())));
    }

    private static Map<String, Object> named(Map<String, io.llmrouter.domain.ratelimit.LimitSet> sets) {
        Map<String, Object> out = new java.util.TreeMap<>();
        sets.forEach((name, set) -> out.put(name, limits(set)));
        return out;
    }

    private static Map<String, Object> limits(io.llmrouter.domain.ratelimit.LimitSet set) {
        return ordered("inputTokensPerUnit", set.inputTokens().map(l -> l.perUnit() + "/" + duration(l.unit())).orElse(null),
                "outputTokensPerUnit", set.outputTokens().map(l -> l.perUnit() + "/" + duration(l.unit())).orElse(null),
                "requestsPerUnit", set.requests().map(l -> l.perUnit() + "/" + duration(l.unit())).orElse(null));
    }

    private static Map<String, Object> scheduler(SchedulerConfig s) {
        List<Map<String, Object>> scores = s.scores().stream()
                .map(e -> ordered("name", e.name(), "weight", e.weight())).toList();
        Map<String, Object> plugins = ordered("Filter", ordered("enabled", s.filters()),
                "Score", ordered("enabled", scores));
        return ordered("pluginConfig", new java.util.TreeMap<>(s.pluginArgs()), "plugins", plugins, "topN", s.topN());
    }

    private static Map<String, Object> listener(ListenerConfig l) {
        return ordered("host", l.host(), "port", l.port());
    }

    private static String duration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
