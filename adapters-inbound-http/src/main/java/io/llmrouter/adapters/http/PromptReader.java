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
 *
 * <p>Nothing of the conversation is decoded here: the pieces point at the strings in the body
 * ({@link RenderedPrompt}), and Jackson skips over them, which is several times cheaper than
 * decoding a long prompt into a {@code String} that is then encoded back to UTF-8.
 */
final class PromptReader {

    private PromptReader() {
    }

    /** Reads {@code messages}; the parser is on its first token and is left on its last. */
    static RenderedPrompt messages(JsonParser parser, JsonToken value, byte[] body)
            throws IOException, RequestParser.InvalidRequest {
        if (value != JsonToken.START_ARRAY) {
            throw RequestParser.invalid("'messages' must be an array of {role, content} objects.", "messages");
        }
        RenderedPrompt.Builder chat = new RenderedPrompt.Builder(body);
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw RequestParser.invalid("Each entry of 'messages' must be an object with 'role' and 'content'.", "messages");
            }
            message(parser, chat);
        }
        return chat.build();
    }

    /** Reads {@code prompt}: a string, or an array of strings (joined); token-id arrays give no text. */
    static RenderedPrompt prompt(JsonParser parser, JsonToken value, byte[] body)
            throws IOException, RequestParser.InvalidRequest {
        RenderedPrompt.Builder text = new RenderedPrompt.Builder(body);
        switch (value) {
            case VALUE_STRING:
                return text.string(start(parser)).build();
            case START_ARRAY: {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (parser.currentToken() == JsonToken.VALUE_STRING) {
                        text.string(start(parser));
                    } else {
                        parser.skipChildren();
                    }
                }
                return text.build();
            }
            case VALUE_NULL:
                return null;
            default:
                throw RequestParser.invalid("'prompt' must be a string or an array.", "prompt");
        }
    }

    /** Where the current string token's opening quote is. */
    private static int start(JsonParser parser) throws IOException {
        return RequestParser.offset(parser.currentTokenLocation());
    }

    private static void message(JsonParser parser, RenderedPrompt.Builder chat) throws IOException {
        String role = "";
        // The content may come before the role; its pieces wait here until the role is known.
        RenderedPrompt.Builder content = chat.child();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            if (field.equals("role") && token == JsonToken.VALUE_STRING) {
                role = parser.getText();
            } else if (field.equals("content")) {
                content = content(parser, token, chat.child());
            } else {
                parser.skipChildren();
            }
        }
        chat.text("<|im_start|>" + role + "\n").append(content).text("<|im_end|>\n");
    }

    private static RenderedPrompt.Builder content(JsonParser parser, JsonToken token, RenderedPrompt.Builder content)
            throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return content.string(start(parser));
        }
        if (token != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return content;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            RenderedPrompt.Builder part = textPart(parser, content.child());
            if (part != null) {
                // joined by newlines, none before the first text that is not empty
                content.text(content.isEmpty() ? "" : "\n").append(part);
            }
        }
        return content;
    }

    /** The text of a {type: text|input_text|output_text, text} part; null for others. */
    private static RenderedPrompt.Builder textPart(JsonParser parser, RenderedPrompt.Builder text) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String type = null;
        boolean hasText = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_STRING && field.equals("type")) {
                type = parser.getText();
            } else if (value == JsonToken.VALUE_STRING && field.equals("text")) {
                // a repeated "text" replaces the earlier one, as reading it into a variable did
                text = text.child().string(start(parser));
                hasText = true;
            } else {
                parser.skipChildren();
            }
        }
        return hasText && type != null && type.endsWith("text") ? text : null;
    }
}
