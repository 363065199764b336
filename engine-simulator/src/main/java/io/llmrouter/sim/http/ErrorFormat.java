package io.llmrouter.sim.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Error bodies of each engine (engines.md B.1, B.2):
 * <ul>
 *   <li>vLLM: {@code {"error":{"message":..,"type":"BadRequestError","param":null,"code":400}}}</li>
 *   <li>SGLang: the flat OpenAI-server shape {@code {"object":"error","message":..,"type":..,"param":null,"code":400}}</li>
 *   <li>TGI: {@code {"error":"..","error_type":".."}}</li>
 * </ul>
 */
public enum ErrorFormat {
    VLLM, SGLANG, TGI;

    public String body(int status, String message) {
        String quoted = quote(message);
        return switch (this) {
            case VLLM -> "{\"error\":{\"message\":" + quoted + ",\"type\":\"" + openAiType(status)
                + "\",\"param\":null,\"code\":" + status + "}}";
            case SGLANG -> "{\"object\":\"error\",\"message\":" + quoted + ",\"type\":\"" + openAiType(status)
                + "\",\"param\":null,\"code\":" + status + "}";
            case TGI -> "{\"error\":" + quoted + ",\"error_type\":\"" + tgiType(status) + "\"}";
        };
    }

    static String openAiType(int status) {
        return switch (status) {
            case 400 -> "BadRequestError";
            case 401 -> "AuthenticationError";
            case 403 -> "PermissionDeniedError";
            case 404 -> "NotFoundError";
            case 422 -> "UnprocessableEntityError";
            case 429 -> "RateLimitError";
            case 503 -> "ServiceUnavailableError";
            default -> status >= 500 ? "InternalServerError" : "BadRequestError";
        };
    }

    static String tgiType(int status) {
        return switch (status) {
            case 422 -> "validation";
            case 424 -> "generation";
            case 429 -> "overloaded";
            case 500 -> "incomplete_generation";
            default -> status >= 500 ? "generation" : "validation";
        };
    }

    static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
