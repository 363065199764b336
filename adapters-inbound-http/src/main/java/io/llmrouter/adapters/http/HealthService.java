package io.llmrouter.adapters.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.DatastoreStatus;
import io.llmrouter.domain.validation.Problem;

/**
 * {@code /healthz}: the process is alive. {@code /readyz}: a first valid set of routes and servers
 * is loaded; the body says from where, and lists the errors of a refused edit so an operator
 * probing readiness sees why the last change did not apply.
 */
public final class HealthService implements HttpService {

    private final Datastore datastore;

    public HealthService(Datastore datastore) {
        this.datastore = datastore;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/healthz", this::alive).get("/readyz", this::ready)
                .any("/healthz", OpenAiErrors.only("GET")).any("/readyz", OpenAiErrors.only("GET"));
    }

    private void alive(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, 200, g -> {
            g.writeStartObject();
            g.writeStringField("message", "ok");
            g.writeEndObject();
        });
    }

    private void ready(ServerRequest req, ServerResponse res) {
        DatastoreStatus status = datastore.status();
        JsonBodies.send(res, status.loaded() ? 200 : 503, g -> {
            g.writeStartObject();
            g.writeStringField("message", status.loaded() ? "router is ready" : "router is not ready");
            g.writeStringField("source", status.source());
            g.writeArrayFieldStart("lastErrors");
            for (Problem p : status.lastErrors()) {
                g.writeString(p.toString());
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
