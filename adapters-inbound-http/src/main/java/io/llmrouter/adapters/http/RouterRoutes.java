package io.llmrouter.adapters.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import java.util.Optional;

/**
 * The routing of each listener, shared by {@code main} and the tests so both serve exactly the
 * same surface.
 */
public final class RouterRoutes {

    private RouterRoutes() {
    }

    /** The inference listener: OpenAI endpoints and health. */
    public static void inference(HttpRouting.Builder routing, OpenAiInferenceService inference,
                                 ModelsService models, HealthService health) {
        guard(routing, "inference", inference.internalErrors());
        routing.register(health)
                .register("/v1/models", models)
                .register("/v1", inference)
                .any(RouterRoutes::notFound);
    }

    /** The inference listener with each {@code /v1/*} request traced (see {@link TracingFilter}). */
    public static void inference(HttpRouting.Builder routing, TracingFilter tracing, OpenAiInferenceService inference,
                                 ModelsService models, HealthService health) {
        routing.addFilter(tracing);
        inference(routing, inference, models, health);
    }

    /**
     * The inference listener, traced, with every {@code /v1/*} request authenticated by {@code auth}
     * inside its span (so a refused request is traced too).
     */
    public static void inference(HttpRouting.Builder routing, TracingFilter tracing, AuthFilter auth,
                                 OpenAiInferenceService inference, ModelsService models, HealthService health) {
        routing.addFilter(tracing).addFilter(auth);
        inference(routing, inference, models, health);
    }

    /** The admin listener (loopback by default): debug endpoints. */
    public static void admin(HttpRouting.Builder routing, DebugService debug, HealthService health) {
        admin(routing, debug, health, InternalErrors.LOG_ONLY);
    }

    /** The admin listener, its bugs reported to {@code errors}. */
    public static void admin(HttpRouting.Builder routing, DebugService debug, HealthService health,
                             InternalErrors errors) {
        guard(routing, "admin", errors);
        routing.register(health)
                .register("/debug", debug)
                .any(RouterRoutes::adminNotFound);
    }

    /**
     * The admin listener with the config dump, behind {@code auth} (which checks the bearer token, when
     * one is configured, before any handler runs).
     */
    public static void admin(HttpRouting.Builder routing, AdminAuth auth, DebugService debug,
                             ConfigDumpService configDump, HealthService health, InternalErrors errors) {
        routing.addFilter(auth)
                .register("/debug/config_dump", configDump);
        admin(routing, debug, health, errors);
    }

    /**
     * The metrics listener: {@code GET /metrics} served by {@code metrics} (the observability
     * adapter's service, passed in as a plain {@link HttpService} since adapters do not import each
     * other); any other method is a 405, any other path a 404, both in the envelope.
     */
    public static void metrics(HttpRouting.Builder routing, HttpService metrics, InternalErrors errors) {
        guard(routing, "metrics", errors);
        routing.register("/metrics", metrics)
                .any("/metrics", OpenAiErrors.only("GET"))
                .any((req, res) -> OpenAiErrors.send(res, Status.NOT_FOUND_404.code(), "invalid_request_error",
                        "not_found", "No such endpoint: " + req.path().absolute().path()
                                + ". The metrics listener serves GET /metrics.", Optional.empty()));
    }

    /**
     * The last-resort handler of a listener: an exception no handler expected becomes a 500 in the
     * OpenAI envelope, logged once and counted (see {@link InternalErrors}).
     */
    public static void guard(HttpRouting.Builder routing, String listener, InternalErrors errors) {
        routing.error(RuntimeException.class, (req, res, e) -> errors.handle(listener, req, res, e));
    }

    /** The admin listener's 404 names its own endpoints, not the OpenAI API's. */
    private static void adminNotFound(io.helidon.webserver.http.ServerRequest req,
                                      io.helidon.webserver.http.ServerResponse res) {
        OpenAiErrors.send(res, Status.NOT_FOUND_404.code(), "invalid_request_error", "not_found",
                "No such admin endpoint: " + req.path().absolute().path() + ". The admin API serves /debug/datastore, "
                + "/debug/decisions, /debug/config and /debug/config_dump/{modelroutes,modelservers,pods}.",
                Optional.empty());
    }

    private static void notFound(io.helidon.webserver.http.ServerRequest req,
                                 io.helidon.webserver.http.ServerResponse res) {
        String path = req.path().absolute().rawPath();
        // A path the router would never forward is unknown whatever the method: 404, not 405.
        if (io.llmrouter.domain.inference.ApiPath.canonical(path).isPresent()) {
            OpenAiErrors.methodNotAllowed(req, res, "POST");
            return;
        }
        OpenAiErrors.send(res, Status.NOT_FOUND_404.code(), "invalid_request_error", "not_found",
                "No such endpoint: " + path + ". The OpenAI API lives under /v1/.", Optional.empty());
    }
}
