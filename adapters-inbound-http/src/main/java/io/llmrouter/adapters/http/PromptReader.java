package io.llmrouter.adapters.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Renders the prompt while the body is parsed, as the engine's chat template would lay it out:
 * every message as {@code <|im_start|>role\ncontent<|im_end|>\n} (ChatML), so two conversations
 * that share their first turns share a textual prefix, which is what prefix-aware scheduling
 * needs. Content may be a string or OpenAI's array of parts (the text parts are joined by
 * newlines; images and other parts are skipped).
 */
final class PromptReader {

    private PromptReader() {
    }

    /** Reads {@code messages}; the parser is on its first token and is left on its last. */
    static String messages(JsonParser parser, JsonToken value) throws IOException, RequestParser.InvalidRequest {
        if (value != JsonToken.START_ARRAY) {
            throw RequestParser.invalid("'messages' must be an array of {role, content} objects.", "messages");
        }
        StringBuilder chat = new StringBuilder();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw RequestParser.invalid("Each entry of 'messages' must be an object with 'role' and 'content'.", "messages");
            }
            message(parser, chat);
        }
        return chat.toString();
    }

    /** Reads {@code prompt}: a string, or an array of strings (joined); token-id arrays give no text. */
    static String prompt(JsonParser parser, JsonToken value) throws IOException, RequestParser.InvalidRequest {
        switch (value) {
            case VALUE_STRING:
                return parser.getText();
            case START_ARRAY: {
                StringBuilder text = new StringBuilder();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (parser.currentToken() == JsonToken.VALUE_STRING) {
                        text.append(parser.getText());
                    } else {
                        parser.skipChildren();
                    }
                }
                return text.toString();
            }
            case VALUE_NULL:
                return null;
            default:
                throw RequestParser.invalid("'prompt' must be a string or an array.", "prompt");
        }
    }

    private static void message(JsonParser parser, StringBuilder chat) throws IOException {
        String role = "";
        String content = "";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            if (field.equals("role") && token == JsonToken.VALUE_STRING) {
                role = parser.getText();
            } else if (field.equals("content")) {
                content = content(parser, token);
            } else {
                parser.skipChildren();
            }
        }
        chat.append("<|im_start|>").append(role).append('\n').append(content).append("<|im_end|>\n");
    }

    private static String content(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return "";
        }
        StringBuilder parts = new StringBuilder();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String text = textPart(parser);
            if (text != null) {
                parts.append(parts.isEmpty() ? "" : "\n").append(text);
            }
        }
        return parts.toString();
    }

    /** The text of a {type: text|input_text|output_text, text} part; null for others. */
    private static String textPart(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String type = null;
        String text = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_STRING && field.equals("type")) {
                type = parser.getText();
            } else if (value == JsonToken.VALUE_STRING && field.equals("text")) {
                text = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        return type != null && type.endsWith("text") ? text : null;
    }
}
