package io.llmrouter.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.sim.tokenizer.SimTokenizer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * SGLang's native {@code POST /generate} (engines.md B.3): {@code text} or {@code input_ids},
 * {@code sampling_params.max_new_tokens}, {@code lora_path} naming a loaded adapter, PD
 * {@code bootstrap_room}. The answer is {@code {"text", "output_ids", "meta_info"}}; streaming
 * sends the cumulative text in every event and ends with {@code data: [DONE]}.
 */
final class SglangNativeApi {

    private final InferenceFront front;
    private final RequestParser parser;

    SglangNativeApi(ServingContext context) {
        this.front = new InferenceFront(context, ErrorFormat.SGLANG);
        this.parser = new RequestParser(context);
    }

    void generate(ServerRequest req, ServerResponse res) {
        String body = front.accept(req, res);
        if (body == null) {
            return;
        }
        try {
            JsonNode json = parser.parseJson(body);
            ParsedRequest parsed = parse(json);
            PdPlan pd = PdPlan.sglang(front.context().options().role(), parsed, front.context().counters());
            String id = front.context().nextId();
            Generation generation = front.start(pd, id);
            if (pd.request().stream()) {
                stream(res, id, pd.request(), generation);
            } else {
                answer(res, id, pd.request(), generation);
            }
        } catch (ApiException e) {
            front.fail(res, e.status(), e.getMessage());
        }
    }

    private ParsedRequest parse(JsonNode json) {
        int[] prompt;
        if (json.has("input_ids")) {
            prompt = RequestParser.promptTokens(json.get("input_ids"));
        } else if (json.path("text").isTextual() && !json.path("text").asText().isEmpty()) {
            prompt = SimTokenizer.tokenize(json.path("text").asText());
        } else {
            throw new ApiException(400, "Either text or input_ids should be provided.");
        }
        ParsedRequest parsed = parser.build(json, prompt, json.path("sampling_params").path("max_new_tokens").asInt(-1));
        String lora = json.path("lora_path").asText(null);
        if (lora == null) {
            return parsed;
        }
        if (!front.context().loras().contains(lora)) {
            throw new ApiException(400, "LoRA adapter '" + lora + "' is not loaded.");
        }
        return parsed.withAdapter(lora);
    }

    private void answer(ServerResponse res, String id, ParsedRequest request, Generation generation) {
        StringBuilder text = new StringBuilder();
        TokenEvent.Finish finish = generation.collect(text);
        ObjectNode body = front.context().json().createObjectNode();
        body.put("text", text.toString());
        ObjectNode meta = body.putObject("meta_info");
        meta.put("id", id);
        meta.set("finish_reason", finishReason(request, finish.completionTokens()));
        meta.put("prompt_tokens", finish.promptTokens());
        meta.put("completion_tokens", finish.completionTokens());
        meta.put("cached_tokens", finish.cachedTokens());
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
    }

    private void stream(ServerResponse res, String id, ParsedRequest request, Generation generation) {
        res.header(HeaderNames.CONTENT_TYPE, OpenAiApi.EVENT_STREAM);
        StringBuilder cumulative = new StringBuilder();
        try (OutputStream out = res.outputStream()) {
            generation.stream(new SseWriter(out, "data: ", front.cutStreamAfter()), new StreamFormat() {
                @Override
                public void token(SseWriter sse, TokenEvent.Token token, boolean last) throws IOException {
                    cumulative.append(token.text());
                    ObjectNode event = front.context().json().createObjectNode();
                    event.put("text", cumulative.toString());
                    ObjectNode meta = event.putObject("meta_info");
                    meta.put("id", id);
                    meta.set("finish_reason", last ? finishReason(request, token.index() + 1) : null);
                    meta.put("prompt_tokens", request.prompt().length);
                    meta.put("completion_tokens", token.index() + 1);
                    meta.put("cached_tokens", token.cachedTokens());
                    sse.event(event.toString());
                }

                @Override
                public void finish(SseWriter sse, TokenEvent.Finish finish) throws IOException {
                    sse.done();
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode finishReason(ParsedRequest request, int tokens) {
        ObjectNode reason = front.context().json().createObjectNode();
        if (request.limitReason() == io.llmrouter.sim.core.FinishReason.LENGTH) {
            reason.put("type", "length");
            reason.put("length", tokens);
        } else {
            reason.put("type", "stop");
            reason.put("matched", SimTokenizer.ENDOFTEXT_ID);
        }
        return reason;
    }
}
