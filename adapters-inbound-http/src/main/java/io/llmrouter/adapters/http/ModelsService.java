package io.llmrouter.adapters.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.application.models.ListModels;
import io.llmrouter.domain.tenancy.Principal;
import io.llmrouter.domain.inference.ApiPath;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /v1/models}: every model and LoRA adapter name a route serves, in OpenAI's list shape;
 * {@code GET /v1/models/{id}}: one of them (the SDKs' {@code models.retrieve}), 404 for any other.
 * Both paths take GET only: a POST is a 405, never a request forwarded to an engine.
 */
public final class ModelsService implements HttpService {

    static final String OWNER = "llm-router";
    private static final String PREFIX = "/v1/models/";

    private final ListModels listModels;

    public ModelsService(ListModels listModels) {
        this.listModels = listModels;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list).any("/", OpenAiErrors.only("GET"))
                .get("/*", this::retrieve).any("/*", OpenAiErrors.only("GET"));
    }

    private void list(ServerRequest req, ServerResponse res) {
        if (req.path().absolute().rawPath().endsWith("/")) {
            // Helidon also matches "/v1/models/" here; the path rule refuses a trailing slash everywhere.
            notFound(req, res);
            return;
        }
        JsonBodies.send(res, 200, g -> {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            Principal caller = AuthFilter.of(req).principal();
            for (String id : listModels.list()) {
                if (caller.mayUse(id)) { // a key limited to some models sees only those
                    model(g, id);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /**
     * The id is the rest of the path after {@code /v1/models/}, read through the one path rule
     * ({@link ApiPath}), so {@code Qwen/Qwen2.5-7B} works as the SDKs send it and an odd spelling is
     * the same 404 as everywhere under {@code /v1/}.
     */
    private void retrieve(ServerRequest req, ServerResponse res) {
        String raw = req.path().absolute().rawPath();
        Optional<String> path = ApiPath.canonical(raw);
        if (path.isEmpty() || !path.get().startsWith(PREFIX)) {
            notFound(req, res);
            return;
        }
        String id = path.get().substring(PREFIX.length());
        if (!listModels.list().contains(id) || !AuthFilter.of(req).principal().mayUse(id)) {
            OpenAiErrors.send(res, 404, "invalid_request_error", "model_not_found",
                    "The model '" + id + "' does not exist on this router; GET /v1/models lists the models it serves.",
                    Optional.of("model"));
            return;
        }
        JsonBodies.send(res, 200, g -> model(g, id));
    }

    private static void notFound(ServerRequest req, ServerResponse res) {
        OpenAiErrors.send(res, 404, "invalid_request_error", "not_found",
                "No such endpoint: " + req.path().absolute().rawPath() + ". The OpenAI API lives under /v1/.",
                Optional.empty());
    }

    private static void model(com.fasterxml.jackson.core.JsonGenerator g, String id) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("object", "model");
        g.writeNumberField("created", 0);
        g.writeStringField("owned_by", OWNER);
        g.writeEndObject();
    }
}
