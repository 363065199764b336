package io.llmrouter.adapters.engines.forward;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmrouter.domain.inference.TokenUsage;
import java.io.IOException;

/**
 * Reads OpenAI's {@code usage} object ({@code prompt_tokens}, {@code completion_tokens}) out of
 * response bytes with Jackson's streaming parser: no tree, nothing kept but two numbers.
 */
final class UsageJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] KEY = "\"usage\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private UsageJson() {
    }

    /** Position of the {@code {} of the last {@code "usage": {...}} in {@code [from, to)}, or -1. */
    static int lastUsageObject(byte[] b, int from, int to) {
        for (int i = to - KEY.length; i >= from; i--) {
            if (b[i] == '"' && matches(b, i)) {
                int j = skipSpace(b, i + KEY.length, to);
                if (j < to && b[j] == ':') {
                    j = skipSpace(b, j + 1, to);
                    if (j < to && b[j] == '{') {
                        return j;
                    }
                }
            }
        }
        return -1;
    }

    /** Parses the usage object that starts at {@code start}; {@link TokenUsage#UNKNOWN} if it is malformed or cut. */
    static TokenUsage parseObject(byte[] b, int start, int to) {
        try (JsonParser p = JSON.createParser(b, start, to - start)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return TokenUsage.UNKNOWN;
            }
            long prompt = -1;
            long completion = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_NUMBER_INT && name.equals("prompt_tokens")) {
                    prompt = Math.max(0, p.getLongValue());
                } else if (v == JsonToken.VALUE_NUMBER_INT && name.equals("completion_tokens")) {
                    completion = Math.max(0, p.getLongValue());
                } else {
                    p.skipChildren();
                }
            }
            return prompt < 0 && completion < 0 ? TokenUsage.UNKNOWN : new TokenUsage(prompt, completion);
        } catch (IOException | RuntimeException e) {
            return TokenUsage.UNKNOWN;
        }
    }

    /** Whether the JSON object in {@code [from, to)} has {@code "choices": []} (OpenAI's usage-only chunk). */
    static boolean hasEmptyChoices(byte[] b, int from, int to) {
        try (JsonParser p = JSON.createParser(b, from, to - from)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean choices = p.currentName().equals("choices");
                JsonToken v = p.nextToken();
                if (choices) {
                    return v == JsonToken.START_ARRAY && p.nextToken() == JsonToken.END_ARRAY;
                }
                p.skipChildren();
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean matches(byte[] b, int at) {
        for (int k = 0; k < KEY.length; k++) {
            if (b[at + k] != KEY[k]) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(byte[] b, int i, int to) {
        while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }
}
