package io.llmrouter.adapters.observe.metrics;

/**
 * Every metric family this router exports, by its Micrometer name (dots become underscores;
 * counters get {@code _total}, timers {@code _seconds}). {@code kthena.router.*} keep Kthena's
 * names and labels so its dashboards work; {@code llm.router.*} are this router's own.
 */
final class MetricNames {

    static final String REQUESTS = "kthena.router.requests";
    static final String REQUEST_DURATION = "kthena.router.request.duration";
    static final String PREFILL_DURATION = "kthena.router.request.prefill.duration";
    static final String DECODE_DURATION = "kthena.router.request.decode.duration";
    static final String TOKENS = "kthena.router.tokens";
    static final String ACTIVE_REQUESTS = "kthena.router.active.requests";
    static final String RATE_LIMIT_EXCEEDED = "kthena.router.rate.limit.exceeded";
    static final String RATE_LIMIT_STORE_UP = "llm.router.rate.limit.store.up";
    static final String TENANT_REQUESTS = "llm.router.tenant.requests";
    static final String TENANT_TOKENS = "llm.router.tenant.tokens";
    static final String ACTIVE_UPSTREAM = "kthena.router.active.upstream.requests";
    static final String PLUGIN_DURATION = "kthena.router.scheduler.plugin.duration";
    static final String PREFIX_MATCH_RATIO = "kthena.router.prefix.cache.match.ratio";
    static final String PREFIX_ENTRIES = "kthena.router.prefix.cache.entries";
    static final String PREFIX_EVICTIONS = "kthena.router.prefix.cache.evictions";

    static final String DECISION_DURATION = "llm.router.scheduler.decision.duration";
    static final String FALLBACKS = "llm.router.scheduler.fallbacks";
    static final String UPSTREAM_RESPONSES = "llm.router.upstream.responses";
    static final String RETRIES = "llm.router.upstream.retries";
    /** PD only: each leg's duration, by role (prefill, decode, decode-only), server and pod. */
    static final String PD_LEG_DURATION = "llm.router.pd.leg.duration";
    static final String PARSE_DURATION = "llm.router.request.parse.duration";
    static final String METRICS_AGE = "llm.router.engine.metrics.age";
    static final String SCRAPE_FAILURES = "llm.router.engine.metrics.scrape.failures";
    /** The engine's own load as the router last read it (fresh metrics only; NaN when unknown or stale). */
    static final String ENGINE_KV_USAGE = "llm.router.engine.kv.cache.usage";
    static final String ENGINE_RUNNING = "llm.router.engine.requests.running";
    static final String ENGINE_WAITING = "llm.router.engine.requests.waiting";
    /** Passive health: ejections of the pod so far, and 1 while it is out of rotation. */
    static final String POD_EJECTIONS = "llm.router.pod.ejections";
    static final String POD_EJECTED = "llm.router.pod.ejected";
    static final String INTERNAL_ERRORS = "llm.router.internal.errors";
    static final String ACCESS_LOG_DROPPED = "llm.router.access.log.dropped";
    static final String SOURCE_LAST_SYNC = "llm.router.datastore.last.sync.timestamp.seconds";
    static final String SOURCE_CONNECTED = "llm.router.datastore.source.connected";

    private MetricNames() {
    }
}
