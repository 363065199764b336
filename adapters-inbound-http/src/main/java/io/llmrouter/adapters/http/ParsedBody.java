package io.llmrouter.adapters.http;

import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.inference.RequestBody;
import java.util.OptionalLong;

/**
 * What one streaming pass over a request body found: the model (and where it is), the stream flag,
 * the prompt, and the smallest output limit it sets (empty when none).
 */
record ParsedBody(String model, boolean stream, RequestBody body, PromptText prompt, OptionalLong maxOutputTokens) {
}
