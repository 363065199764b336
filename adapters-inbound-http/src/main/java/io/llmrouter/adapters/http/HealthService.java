package io.llmrouter.adapters.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.DatastoreStatus;
import io.llmrouter.application.datastore.SourceState;
import io.llmrouter.application.health.ServerHealth;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import io.llmrouter.domain.validation.Problem;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz}: the process is alive. {@code /readyz}: a first valid set of routes and servers
 * is loaded; the body says from where, and lists the errors of a refused edit so an operator
 * probing readiness sees why the last change did not apply. The body also counts each ModelServer's
 * schedulable, ejected and unscraped pods, but readiness never depends on them: a router must not
 * go unready (and out of its Service) because its engines did. From the first moment of a shutdown,
 * {@code /readyz} is 503 so load balancers stop sending new requests while the last ones finish.
 */
public final class HealthService implements HttpService {

    private final Datastore datastore;
    private final Supplier<List<ServerHealth>> servers;
    private final BooleanSupplier draining;
    private final Supplier<Optional<SourceState>> sourceState;

    public HealthService(Datastore datastore) {
        this(datastore, List::of);
    }

    public HealthService(Datastore datastore, Supplier<List<ServerHealth>> servers) {
        this(datastore, servers, () -> false);
    }

    /** {@code draining}: the router is shutting down, so {@code /readyz} says 503 to move traffic away. */
    public HealthService(Datastore datastore, Supplier<List<ServerHealth>> servers, BooleanSupplier draining) {
        this(datastore, servers, draining, Optional::empty);
    }

    /**
     * {@code sourceState}: how a live source (Kubernetes) stands, shown as {@code "sourceState"} in the
     * body; readiness still depends only on a first set being loaded, so an API server outage after
     * that keeps the router ready on its last state, and the body says so.
     */
    public HealthService(Datastore datastore, Supplier<List<ServerHealth>> servers, BooleanSupplier draining,
                         Supplier<Optional<SourceState>> sourceState) {
        this.datastore = datastore;
        this.servers = servers;
        this.draining = draining;
        this.sourceState = sourceState;
    }

    /** {@code "sourceState": {synced, connected, lastSync, disconnectedSince, detail}}, shared with {@code /debug/datastore}. */
    static void sourceState(com.fasterxml.jackson.core.JsonGenerator g, Optional<SourceState> state) throws IOException {
        if (state.isEmpty()) {
            return;
        }
        SourceState s = state.get();
        g.writeObjectFieldStart("sourceState");
        g.writeBooleanField("synced", s.synced());
        g.writeBooleanField("connected", s.connected());
        g.writeStringField("lastSync", s.lastSync().map(Object::toString).orElse(null));
        g.writeStringField("disconnectedSince", s.disconnectedSince().map(Object::toString).orElse(null));
        g.writeStringField("detail", s.detail());
        g.writeEndObject();
    }

    /** {@code "modelServers": [{name, readyPods, schedulable, ejected, unscraped}]}, shared with {@code /debug/datastore}. */
    static void servers(com.fasterxml.jackson.core.JsonGenerator g, List<ServerHealth> servers) throws IOException {
        g.writeArrayFieldStart("modelServers");
        for (ServerHealth s : servers) {
            g.writeStartObject();
            g.writeStringField("name", s.server().toString());
            g.writeNumberField("readyPods", s.ready());
            g.writeNumberField("schedulable", s.schedulable());
            g.writeNumberField("ejected", s.ejected());
            g.writeNumberField("unscraped", s.unscraped());
            g.writeEndObject();
        }
        g.writeEndArray();
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
        boolean shuttingDown = draining.getAsBoolean();
        boolean ready = status.loaded() && !shuttingDown;
        JsonBodies.send(res, ready ? 200 : 503, g -> {
            g.writeStartObject();
            g.writeStringField("message", shuttingDown ? "router is shutting down"
                    : status.loaded() ? "router is ready" : "router is not ready");
            g.writeStringField("source", status.source());
            g.writeArrayFieldStart("lastErrors");
            for (Problem p : status.lastErrors()) {
                g.writeString(p.toString());
            }
            g.writeEndArray();
            sourceState(g, sourceState.get());
            servers(g, servers.get());
            g.writeEndObject();
        });
    }
}
