package io.llmrouter.adapters.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.DatastoreStatus;
import io.llmrouter.application.datastore.SourceState;
import io.llmrouter.application.health.ServerHealth;
import io.llmrouter.application.scheduling.DecisionLog;
import io.llmrouter.domain.validation.Problem;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Admin listener: {@code /debug/datastore} (where the routes come from, how the last loads went),
 * {@code /debug/decisions?limit=N} (the most recent scheduling decisions, newest first) and
 * {@code /debug/config} (the effective router configuration, secrets already redacted by the caller).
 */
public final class DebugService implements HttpService {

    private static final int DEFAULT_DECISIONS = 20;
    static final int MAX_DECISIONS = 1000;

    private final Datastore datastore;
    private final DecisionLog decisions;
    private final Supplier<Map<String, Object>> effectiveConfig;
    private final Supplier<List<ServerHealth>> servers;
    private final Supplier<Optional<SourceState>> sourceState;
    private volatile io.llmrouter.application.fairness.FairnessQueues fairness =
            io.llmrouter.application.fairness.FairnessQueues.DISABLED;

    public DebugService(Datastore datastore, DecisionLog decisions) {
        this(datastore, decisions, Map::of);
    }

    /** {@code effectiveConfig} is read per request, so a live reload (scheduler section) shows at once. */
    public DebugService(Datastore datastore, DecisionLog decisions, Supplier<Map<String, Object>> effectiveConfig) {
        this(datastore, decisions, effectiveConfig, List::of);
    }

    /** {@code servers}: each ModelServer's schedulable, ejected and unscraped pods, shown by {@code /debug/datastore}. */
    public DebugService(Datastore datastore, DecisionLog decisions, Supplier<Map<String, Object>> effectiveConfig,
                        Supplier<List<ServerHealth>> servers) {
        this(datastore, decisions, effectiveConfig, servers, Optional::empty);
    }

    /** {@code sourceState}: a live source's sync and connection state, shown by {@code /debug/datastore}. */
    public DebugService(Datastore datastore, DecisionLog decisions, Supplier<Map<String, Object>> effectiveConfig,
                        Supplier<List<ServerHealth>> servers, Supplier<Optional<SourceState>> sourceState) {
        this.sourceState = sourceState;
        this.servers = servers;
        this.datastore = datastore;
        this.decisions = decisions;
        this.effectiveConfig = effectiveConfig;
    }

    /** Shows {@code queues} at {@code /debug/fairness}; set once at wiring. */
    public DebugService withFairness(io.llmrouter.application.fairness.FairnessQueues queues) {
        this.fairness = queues;
        return this;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/fairness", this::fairness).any("/fairness", OpenAiErrors.only("GET"));
        rules.get("/datastore", this::datastore).get("/decisions", this::decisions).get("/config", this::config)
                .any("/datastore", OpenAiErrors.only("GET")).any("/decisions", OpenAiErrors.only("GET"))
                .any("/config", OpenAiErrors.only("GET"));
    }

    /** Each model's queue: sizes, the gate's saturation, and every waiting user's current priority. */
    private void fairness(ServerRequest req, ServerResponse res) {
        io.llmrouter.application.fairness.FairnessQueues q = fairness;
        var queues = q.queues();
        JsonBodies.send(res, 200, g -> {
            g.writeStartObject();
            g.writeBooleanField("enabled", q.enabled());
            g.writeStringField("mode", q.settings().mode().name().toLowerCase(java.util.Locale.ROOT));
            g.writeStringField("gate", q.settings().gate().mode().name().toLowerCase(java.util.Locale.ROOT));
            g.writeArrayFieldStart("queues");
            for (var v : queues) {
                g.writeStartObject();
                g.writeStringField("model", v.model());
                g.writeNumberField("queued", v.queued());
                g.writeNumberField("queuedBytes", v.bytes());
                g.writeNumberField("inflight", v.inflight());
                g.writeNumberField("trackedUsers", v.trackedUsers());
                if (Double.isFinite(v.saturation())) {
                    g.writeNumberField("saturation", v.saturation());
                }
                g.writeArrayFieldStart("flows");
                for (var f : v.flows()) {
                    g.writeStartObject();
                    g.writeNumberField("band", f.band());
                    g.writeStringField("user", f.user().isEmpty() ? "(anonymous)" : f.user());
                    g.writeNumberField("queued", f.queued());
                    if (Double.isFinite(f.priority())) {
                        g.writeNumberField("priority", f.priority());
                    } else {
                        g.writeStringField("priority", "lowest");
                    }
                    g.writeNumberField("oldestWaitMillis", f.oldestWaitNanos() / 1_000_000);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private void config(ServerRequest req, ServerResponse res) {
        Map<String, Object> config = effectiveConfig.get();
        JsonBodies.send(res, 200, g -> JsonTree.write(g, config));
    }

    private void decisions(ServerRequest req, ServerResponse res) {
        Optional<String> text = req.query().first("limit").asOptional();
        OptionalInt parsed = text.map(DebugService::parseLimit).orElse(OptionalInt.of(DEFAULT_DECISIONS));
        if (parsed.isEmpty()) {
            // A typo must not quietly turn into "the default" or "one decision": say what is allowed.
            OpenAiErrors.send(res, 400, "invalid_request_error", "invalid_request",
                    "limit must be a whole number from 1 to " + MAX_DECISIONS + ", was '" + text.get() + "'.",
                    Optional.of("limit"));
            return;
        }
        int limit = parsed.getAsInt();
        JsonBodies.send(res, 200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("decisions");
            for (DecisionLog.Entry e : decisions.recent(limit)) {
                DecisionJson.write(g, e);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** 1..{@value #MAX_DECISIONS}, or empty for anything else (0, negative, not a number, too large). */
    static OptionalInt parseLimit(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            return n >= 1 && n <= MAX_DECISIONS ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private void datastore(ServerRequest req, ServerResponse res) {
        DatastoreStatus s = datastore.status();
        var resources = datastore.snapshot().resources();
        JsonBodies.send(res, 200, g -> {
            g.writeStartObject();
            g.writeStringField("source", s.source());
            g.writeBooleanField("loaded", s.loaded());
            g.writeStringField("lastAccepted", s.lastAccepted().map(Object::toString).orElse(null));
            g.writeStringField("lastOrigin", s.lastOrigin());
            g.writeNumberField("acceptedCount", s.acceptedCount());
            g.writeNumberField("rejectedCount", s.rejectedCount());
            g.writeNumberField("modelRoutes", resources.routes().size());
            g.writeNumberField("modelServers", resources.servers().size());
            g.writeNumberField("pods", resources.pods().size());
            problems(g, "lastErrors", s.lastErrors());
            problems(g, "warnings", s.warnings());
            HealthService.sourceState(g, sourceState.get());
            HealthService.servers(g, servers.get());
            g.writeEndObject();
        });
    }

    private static void problems(JsonGenerator g, String field, List<Problem> problems) throws IOException {
        g.writeArrayFieldStart(field);
        for (Problem p : problems) {
            g.writeStartObject();
            g.writeStringField("severity", p.severity().name().toLowerCase(java.util.Locale.ROOT));
            g.writeStringField("document", p.document());
            g.writeStringField("field", p.field());
            g.writeStringField("message", p.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
