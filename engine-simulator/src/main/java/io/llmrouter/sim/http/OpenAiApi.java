package io.llmrouter.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.sim.EngineKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * {@code POST /v1/completions} and {@code /v1/chat/completions}, shared by the three personalities
 * (each passes its error shape). Order of work per request: record it, apply the latency-spike
 * and error-rate faults, parse (400 / 404), plan PD, run, answer as JSON or SSE.
 */
public final class OpenAiApi {

    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    private final ServingContext context;
    private final InferenceFront front;
    private final RequestParser parser;

    public OpenAiApi(ServingContext context, ErrorFormat errors) {
        this.context = context;
        this.front = new InferenceFront(context, errors);
        this.parser = new RequestParser(context);
    }

    public void chat(ServerRequest req, ServerResponse res) {
        handle(req, res, true);
    }

    public void completions(ServerRequest req, ServerResponse res) {
        handle(req, res, false);
    }

    private void handle(ServerRequest req, ServerResponse res, boolean chat) {
        String body = front.accept(req, res);
        if (body == null) {
            return;
        }
        try {
            JsonNode json = parser.parseJson(body);
            ParsedRequest parsed = chat ? parser.chat(json) : parser.completion(json);
            PdPlan pd = planPd(parsed);
            String id = (chat ? "chatcmpl-" : "cmpl-") + context.nextId();
            respond(res, chat, id, pd, front.start(pd, id));
        } catch (ApiException e) {
            front.fail(res, e.status(), e.getMessage());
        }
    }

    private PdPlan planPd(ParsedRequest parsed) {
        return context.options().engine() == EngineKind.SGLANG
            ? PdPlan.sglang(context.options().role(), parsed, context.counters())
            : PdPlan.vllm(context.options().role(), parsed, context.counters());
    }

    private void respond(ServerResponse res, boolean chat, String id, PdPlan pd, Generation generation) {
        ParsedRequest request = pd.request();
        long created = front.created();
        String finishReason = request.limitReason().wireName();
        if (request.stream()) {
            res.header(HeaderNames.CONTENT_TYPE, EVENT_STREAM);
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            try (OutputStream out = res.outputStream()) {
                SseWriter sse = new SseWriter(out, "data: ", front.cutStreamAfter());
                generation.stream(sse, new OpenAiStream(context.options().engine(), chat, id, created, request.model(),
                    request.includeUsage(), finishReason));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        StringBuilder text = new StringBuilder();
        TokenEvent.Finish finish = generation.collect(text);
        EngineKind kind = context.options().engine();
        ObjectNode body = chat
            ? OpenAiResponses.chat(context.json(), kind, id, created, request.model(), text.toString(), finishReason,
                finish)
            : OpenAiResponses.completion(context.json(), kind, id, created, request.model(), text.toString(),
                finishReason, finish);
        if (kind == EngineKind.VLLM) {
            // vLLM's PD field, null unless this instance prefilled for a remote decode; no other engine has it.
            body.set("kv_transfer_params", pd.returnKvParams() ? kvParams(pd, finish) : null);
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
    }

    private JsonNode kvParams(PdPlan pd, TokenEvent.Finish finish) {
        ObjectNode params = context.json().createObjectNode();
        params.put("do_remote_prefill", true);
        params.put("do_remote_decode", false);
        var ids = params.putArray("remote_block_ids");
        for (int id : finish.blockIds()) {
            ids.add(id);
        }
        params.put("remote_engine_id", "sim-" + context.port().getAsInt());
        params.put("remote_host", context.options().host());
        params.put("remote_port", context.port().getAsInt());
        params.put("tp_size", 1);
        JsonNode asked = pd.request().kvTransfer();
        if (asked != null && asked.path("transfer_id").isTextual()) {
            params.set("transfer_id", asked.get("transfer_id")); // the Mooncake handshake's id, echoed
        }
        return params;
    }
}
