package io.llmrouter.adapters.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.application.models.ListModels;

/** {@code GET /v1/models}: every model and LoRA adapter name a route serves, in OpenAI's list shape. */
public final class ModelsService implements HttpService {

    static final String OWNER = "llm-router";

    private final ListModels listModels;

    public ModelsService(ListModels listModels) {
        this.listModels = listModels;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, 200, g -> {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            for (String id : listModels.list()) {
                g.writeStartObject();
                g.writeStringField("id", id);
                g.writeStringField("object", "model");
                g.writeNumberField("created", 0);
                g.writeStringField("owned_by", OWNER);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
