package io.llmrouter.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * The non-inference endpoints most engines share: {@code /health}, {@code /metrics} (with its
 * delay and failure faults), {@code /v1/models}, LoRA load/unload and {@code /tokenize}.
 */
public final class ControlApi {

    private final ServingContext context;
    private final ErrorFormat errors;
    private final RequestParser parser;

    public ControlApi(ServingContext context, ErrorFormat errors) {
        this.context = context;
        this.errors = errors;
        this.parser = new RequestParser(context);
    }

    public void health(ServerRequest req, ServerResponse res) {
        res.send();
    }

    public void metrics(ServerRequest req, ServerResponse res) {
        var faults = context.faults().settings();
        context.sleepWall(faults.metricsDelay());
        if (faults.metricsFailure()) {
            res.status(Status.INTERNAL_SERVER_ERROR_500).send("metrics unavailable (injected fault)");
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(context.metrics().get());
    }

    /** vLLM's model list: the base model, then each adapter with parent = base and root = its path. */
    public void models(ServerRequest req, ServerResponse res, String ownedBy) {
        ObjectNode body = context.json().createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        String base = context.options().model();
        addModel(data, base, base, null, ownedBy);
        for (Map.Entry<String, String> adapter : context.loras().snapshot().entrySet()) {
            addModel(data, adapter.getKey(), adapter.getValue(), base, ownedBy);
        }
        sendJson(res, body);
    }

    public void loadLora(ServerRequest req, ServerResponse res) {
        try {
            JsonNode json = parser.parseJson(req.content().as(String.class));
            String name = required(json, "lora_name");
            String path = required(json, "lora_path");
            if (!context.loras().load(name, path)) {
                throw new ApiException(400, "The lora adapter '" + name + "' has already been loaded.");
            }
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            res.send("Success: LoRA adapter '" + name + "' added successfully.");
        } catch (ApiException e) {
            sendError(res, e);
        }
    }

    public void unloadLora(ServerRequest req, ServerResponse res) {
        try {
            JsonNode json = parser.parseJson(req.content().as(String.class));
            String name = required(json, "lora_name");
            if (!context.loras().unload(name)) {
                throw new ApiException(404, "The lora adapter '" + name + "' cannot be found.");
            }
            context.engine().withCore(core -> {
                core.unloadAdapter(name);
                return null;
            });
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            res.send("Success: LoRA adapter '" + name + "' removed successfully.");
        } catch (ApiException e) {
            sendError(res, e);
        }
    }

    /** vLLM {@code POST /tokenize}: a prompt or chat messages; answers count, ids and max_model_len. */
    public void tokenize(ServerRequest req, ServerResponse res) {
        try {
            JsonNode json = parser.parseJson(req.content().as(String.class));
            ParsedRequest parsed = json.has("messages") ? parser.chat(json) : parser.completion(json);
            ObjectNode body = context.json().createObjectNode();
            body.put("count", parsed.prompt().length);
            body.put("max_model_len", context.options().profile().maxModelLen());
            ArrayNode tokens = body.putArray("tokens");
            for (int id : parsed.prompt()) {
                tokens.add(id);
            }
            body.putNull("token_strs");
            sendJson(res, body);
        } catch (ApiException e) {
            sendError(res, e);
        }
    }

    void sendJson(ServerResponse res, JsonNode body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
    }

    void sendError(ServerResponse res, ApiException e) {
        res.status(Status.create(e.status()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(errors.body(e.status(), e.getMessage()));
    }

    private void addModel(ArrayNode data, String id, String root, String parent, String ownedBy) {
        long created = (long) context.engine().withCore(core -> core.clock()).unixSeconds();
        ObjectNode model = data.addObject();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", created);
        model.put("owned_by", ownedBy);
        model.put("root", root);
        model.put("parent", parent);
        model.put("max_model_len", context.options().profile().maxModelLen());
        ObjectNode permission = model.putArray("permission").addObject();
        permission.put("id", "modelperm-" + Integer.toHexString(id.hashCode()));
        permission.put("object", "model_permission");
        permission.put("created", created);
        permission.put("allow_create_engine", false);
        permission.put("allow_sampling", true);
        permission.put("allow_logprobs", true);
        permission.put("allow_search_indices", false);
        permission.put("allow_view", true);
        permission.put("allow_fine_tuning", false);
        permission.put("organization", "*");
        permission.putNull("group");
        permission.put("is_blocking", false);
    }

    private static String required(JsonNode json, String field) {
        String value = json.path(field).asText("");
        if (value.isBlank()) {
            throw new ApiException(400, "'" + field + "' is required");
        }
        return value;
    }

}
