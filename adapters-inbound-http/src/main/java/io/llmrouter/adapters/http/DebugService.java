package io.llmrouter.adapters.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.DatastoreStatus;
import io.llmrouter.domain.validation.Problem;
import java.io.IOException;
import java.util.List;

/** Admin listener: {@code /debug/datastore}, where the routes come from and how the last loads went. */
public final class DebugService implements HttpService {

    private final Datastore datastore;

    public DebugService(Datastore datastore) {
        this.datastore = datastore;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/datastore", this::datastore);
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
