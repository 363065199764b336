package io.llmrouter.sim.http;

import java.io.IOException;

/**
 * OpenAI streaming chunks in vLLM's layout (engines.md B.1), with each engine's own stop field. Chat: the first chunk carries the role, each
 * token a {@code delta.content}, the token reaching max_tokens the {@code finish_reason}.
 * With {@code stream_options} sent, every chunk has {@code "usage":null} and a final chunk with
 * {@code "choices":[]} carries the usage; then {@code data: [DONE]}.
 * The chunk text is assembled from a fixed prefix because it is written once per token.
 */
final class OpenAiStream implements StreamFormat {

    private final boolean chat;
    private final String prefix;
    private final String usageSuffix;
    private final boolean includeUsage;
    private final String finishReason;
    /** vLLM's {@code stop_reason}, SGLang's {@code matched_stop}, nothing for TGI (see {@link OpenAiResponses}). */
    private final String stopField;

    OpenAiStream(io.llmrouter.sim.EngineKind kind, boolean chat, String id, long created, String model,
                 boolean includeUsage, String finishReason) {
        this.chat = chat;
        this.prefix = "{\"id\":\"" + id + "\",\"object\":\"" + (chat ? "chat.completion.chunk" : "text_completion")
            + "\",\"created\":" + created + ",\"model\":" + ErrorFormat.quote(model)
            + (kind == io.llmrouter.sim.EngineKind.TGI
                ? ",\"system_fingerprint\":\"" + OpenAiResponses.TGI_FINGERPRINT + "\"" : "")
            + ",\"choices\":[";
        this.stopField = switch (kind) {
            case VLLM -> ",\"stop_reason\":null";
            case SGLANG -> ",\"matched_stop\":null";
            case TGI -> "";
        };
        this.usageSuffix = includeUsage ? ",\"usage\":null}" : "}";
        this.includeUsage = includeUsage;
        this.finishReason = finishReason;
    }

    @Override
    public void token(SseWriter sse, TokenEvent.Token token, boolean last) throws IOException {
        String quoted = ErrorFormat.quote(token.text());
        String finish = last ? "\"" + finishReason + "\"" : "null";
        if (chat) {
            if (token.index() == 0) {
                sse.event(prefix + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                    + "\"logprobs\":null,\"finish_reason\":null}]" + usageSuffix);
            }
            sse.event(prefix + "{\"index\":0,\"delta\":{\"content\":" + quoted + "},\"logprobs\":null,\"finish_reason\":"
                + finish + (last ? stopField : "") + "}]" + usageSuffix);
        } else {
            sse.event(prefix + "{\"index\":0,\"text\":" + quoted + ",\"logprobs\":null,\"finish_reason\":" + finish
                + stopField + "}]" + usageSuffix);
        }
    }

    @Override
    public void finish(SseWriter sse, TokenEvent.Finish finish) throws IOException {
        if (includeUsage) {
            sse.event(prefix + "],\"usage\":" + usageJson(finish) + "}");
        }
        sse.done();
    }

    static String usageJson(TokenEvent.Finish finish) {
        return "{\"prompt_tokens\":" + finish.promptTokens() + ",\"total_tokens\":"
            + (finish.promptTokens() + finish.completionTokens()) + ",\"completion_tokens\":"
            + finish.completionTokens() + ",\"prompt_tokens_details\":{\"cached_tokens\":" + finish.cachedTokens() + "}}";
    }
}
