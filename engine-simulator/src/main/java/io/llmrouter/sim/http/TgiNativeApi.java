package io.llmrouter.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.sim.core.FinishReason;
import io.llmrouter.sim.tokenizer.SimTokenizer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * TGI's native {@code POST /generate} and {@code /generate_stream} (engines.md B.2): request
 * {@code {"inputs", "parameters": {max_new_tokens, details, adapter_id}}}; the stream sends
 * {@code data:{"index","token":{..},"generated_text":null,"details":null}} per token, the last
 * one with {@code generated_text} and {@code details}, and no {@code [DONE]}.
 */
final class TgiNativeApi {

    private final InferenceFront front;
    private final RequestParser parser;

    TgiNativeApi(ServingContext context) {
        this.front = new InferenceFront(context, ErrorFormat.TGI);
        this.parser = new RequestParser(context);
    }

    void generate(ServerRequest req, ServerResponse res) {
        handle(req, res, false);
    }

    void generateStream(ServerRequest req, ServerResponse res) {
        handle(req, res, true);
    }

    private void handle(ServerRequest req, ServerResponse res, boolean stream) {
        String body = front.accept(req, res);
        if (body == null) {
            return;
        }
        try {
            JsonNode json = parser.parseJson(body);
            JsonNode parameters = json.path("parameters");
            ParsedRequest parsed = parse(json, parameters);
            PdPlan pd = new PdPlan(parsed, false, false);
            Generation generation = front.start(pd, front.context().nextId());
            if (stream) {
                stream(res, parsed, generation);
            } else {
                answer(res, parsed, parameters.path("details").asBoolean(false), generation);
            }
        } catch (ApiException e) {
            front.fail(res, e.status(), e.getMessage());
        }
    }

    private ParsedRequest parse(JsonNode json, JsonNode parameters) {
        String inputs = json.path("inputs").asText("");
        if (inputs.isEmpty()) {
            throw new ApiException(422, "Input validation error: `inputs` cannot be empty");
        }
        ParsedRequest parsed = parser.build(front.context().json().createObjectNode(), SimTokenizer.tokenize(inputs),
            parameters.path("max_new_tokens").asInt(-1));
        String adapter = parameters.path("adapter_id").asText(null);
        return adapter != null && front.context().loras().contains(adapter) ? parsed.withAdapter(adapter) : parsed;
    }

    private void answer(ServerResponse res, ParsedRequest request, boolean details, Generation generation) {
        StringBuilder text = new StringBuilder();
        TokenEvent.Finish finish = generation.collect(text);
        ObjectNode body = front.context().json().createObjectNode();
        body.put("generated_text", text.toString());
        if (details) {
            ObjectNode detail = body.putObject("details");
            detail.put("finish_reason", tgiReason(request));
            detail.put("generated_tokens", finish.completionTokens());
            detail.putNull("seed");
            detail.putArray("prefill");
            detail.putArray("tokens");
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
    }

    private void stream(ServerResponse res, ParsedRequest request, Generation generation) {
        res.header(HeaderNames.CONTENT_TYPE, OpenAiApi.EVENT_STREAM);
        StringBuilder full = new StringBuilder();
        try (OutputStream out = res.outputStream()) {
            generation.stream(new SseWriter(out, "data:", front.cutStreamAfter()), new StreamFormat() {
                @Override
                public void token(SseWriter sse, TokenEvent.Token token, boolean last) throws IOException {
                    full.append(token.text());
                    String generated = last ? ErrorFormat.quote(full.toString()) : "null";
                    String details = last ? "{\"finish_reason\":\"" + tgiReason(request) + "\",\"generated_tokens\":"
                        + (token.index() + 1) + ",\"seed\":null,\"input_length\":" + request.prompt().length + "}" : "null";
                    sse.event("{\"index\":" + (token.index() + 1) + ",\"token\":{\"id\":" + token.id() + ",\"text\":"
                        + ErrorFormat.quote(token.text()) + ",\"logprob\":-0.5,\"special\":false},\"generated_text\":"
                        + generated + ",\"details\":" + details + "}");
                }

                @Override
                public void finish(SseWriter sse, TokenEvent.Finish finish) {
                    // TGI's native stream simply ends: no [DONE]
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tgiReason(ParsedRequest request) {
        return request.limitReason() == FinishReason.LENGTH ? "length" : "eos_token";
    }
}
