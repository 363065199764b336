package io.llmrouter.adapters.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.DatastoreStatus;
import io.llmrouter.application.health.ServerHealth;
import io.llmrouter.application.scheduling.DecisionLog;
import io.llmrouter.domain.validation.Problem;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Admin listener: {@code /debug/datastore} (where the routes come from, how the last loads went),
 * {@code /debug/decisions?limit=N} (the most recent scheduling decisions, newest first) and
 * {@code /debug/config} (the effective router configuration, secrets already redacted by the caller).
 */
public final class DebugService implements HttpService {

    private static final int DEFAULT_DECISIONS = 20;

    private final Datastore datastore;
    private final DecisionLog decisions;
    private final Supplier<Map<String, Object>> effectiveConfig;
    private final Supplier<List<ServerHealth>> servers;

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
        this.servers = servers;
        this.datastore = datastore;
        this.decisions = decisions;
        this.effectiveConfig = effectiveConfig;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/datastore", this::datastore).get("/decisions", this::decisions).get("/config", this::config);
    }

    private void config(ServerRequest req, ServerResponse res) {
        Map<String, Object> config = effectiveConfig.get();
        JsonBodies.send(res, 200, g -> JsonTree.write(g, config));
    }

    private void decisions(ServerRequest req, ServerResponse res) {
        int limit = req.query().first("limit").map(DebugService::parseLimit).orElse(DEFAULT_DECISIONS);
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

    private static int parseLimit(String text) {
        try {
            return Math.max(1, Math.min(1000, Integer.parseInt(text)));
        } catch (NumberFormatException e) {
            return DEFAULT_DECISIONS;
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
