package io.llmrouter.adapters.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The prompt rendered from the body without decoding it must be, byte for byte, what decoding
 * every string and encoding the rendered text as UTF-8 gives; the reference here decodes with
 * Jackson, as the router did before it stopped decoding prompts.
 */
class RenderedPromptTest {

    private static final JsonFactory JSON = new JsonFactory();

    /** String contents that stress the unescaper: escapes of every kind, raw multi-byte UTF-8, surrogates. */
    private static final String[] ATOMS = {"a", "Hello", " ", "\\n", "\\t", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r",
        "\\u00e9", "\\u20AC", "\\u0000", "\\ud83d\\ude00", "\\ud83d", "\\ude00", "\\ud83dx", "é", "€", "😀", "日本語",
        "<|im_end|>", "{\\\"k\\\":1}"};

    private static String jsonString(SplittableRandom r) {
        StringBuilder s = new StringBuilder("\"");
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            s.append(ATOMS[r.nextInt(ATOMS.length)]);
        }
        return s.append('"').toString();
    }

    private static String content(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> jsonString(r);
            case 1 -> "null";
            default -> {
                StringBuilder parts = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    parts.append(i == 0 ? "" : ",").append(switch (r.nextInt(4)) {
                        case 0 -> "{\"type\":\"image_url\",\"image_url\":{\"url\":" + jsonString(r) + "}}";
                        case 1 -> "{\"text\":" + jsonString(r) + ",\"type\":\"input_text\"}";
                        case 2 -> "{\"type\":\"text\",\"text\":" + jsonString(r) + ",\"text\":" + jsonString(r) + "}";
                        default -> "{\"type\":\"text\",\"text\":" + jsonString(r) + "}";
                    });
                }
                yield parts.append(']').toString();
            }
        };
    }

    private static final Gen<String> CHAT = r -> {
        StringBuilder body = new StringBuilder("{\"model\":\"m\",\"messages\":[");
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            String role = "\"role\":" + jsonString(r);
            String content = "\"content\":" + content(r);
            body.append(i == 0 ? "" : ",").append('{').append(r.nextBoolean() ? role + "," + content : content + "," + role)
                    .append(r.nextInt(4) == 0 ? ",\"name\":" + jsonString(r) : "").append('}');
        }
        return body.append("]}").toString();
    };

    private static final Gen<String> COMPLETION = r -> {
        if (r.nextBoolean()) {
            return "{\"model\":\"m\",\"prompt\":" + jsonString(r) + "}";
        }
        StringBuilder body = new StringBuilder("{\"model\":\"m\",\"prompt\":[");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append(r.nextInt(4) == 0 ? "[1,2]" : jsonString(r));
        }
        return body.append("]}").toString();
    };

    @Test
    void chatPrompt_isWhatDecodingAndEncodingGives_wholeAndEveryPrefix() {
        Property.check("chat prompt rendered without decoding", 400, CHAT, body -> agrees(body, "/v1/chat/completions"));
    }

    @Test
    void completionPrompt_isWhatDecodingAndEncodingGives_wholeAndEveryPrefix() {
        Property.check("completion prompt rendered without decoding", 400, COMPLETION,
                body -> agrees(body, "/v1/completions"));
    }

    /** A body cut anywhere is refused in the OpenAI envelope, never with another exception (the scan runs before Jackson checks). */
    @Test
    void truncatedBodies_areRefusedAsInvalid_neverCrash() {
        Gen<String> cut = r -> {
            String body = (r.nextBoolean() ? CHAT : COMPLETION).next(r);
            return body.substring(0, r.nextInt(body.length()));
        };
        Property.check("truncated body refused", 400, cut, body -> {
            try {
                RequestParser.parse(body.getBytes(StandardCharsets.UTF_8), "/v1/chat/completions");
            } catch (RequestParser.InvalidRequest expected) {
                return;
            }
            throw new AssertionError("a truncated body was accepted: " + body);
        });
    }

    @Test
    void escapes_decodeAsJsonSays_loneSurrogatesAsQuestionMarks() throws Exception {
        String body = "{\"model\":\"m\",\"prompt\":\"a\\nb\\\"c\\u00e9\\ud83d\\ude00\\ud83d!\"}";
        assertEquals("a\nb\"cé😀?!", new String(parse(body, "/v1/completions").utf8(), StandardCharsets.UTF_8));
    }

    private static PromptText parse(String body, String path) throws RequestParser.InvalidRequest {
        return RequestParser.parse(body.getBytes(StandardCharsets.UTF_8), path).prompt();
    }

    private static void agrees(String body, String path) {
        try {
            byte[] expected = reference(body.getBytes(StandardCharsets.UTF_8));
            assertArrayEquals(expected, parse(body, path).utf8(), body);
            long codePoints = new String(expected, StandardCharsets.UTF_8).codePointCount(0,
                    new String(expected, StandardCharsets.UTF_8).length());
            assertEquals((codePoints + 3) / 4, parse(body, path).estimatedTokens(), body);
            for (int n = 0; n <= expected.length + 1; n++) {
                // a fresh prompt each time: the prefix of a prompt not yet rendered whole
                assertArrayEquals(Arrays.copyOf(expected, Math.min(n, expected.length)), parse(body, path).prefix(n),
                        body + " prefix " + n);
            }
            assertEquals(expected.length == 0, parse(body, path).isEmpty(), body);
        } catch (IOException | RequestParser.InvalidRequest e) {
            throw new AssertionError(body, e);
        }
    }

    /** The rendering by decoding: Jackson's strings, the chat template, then UTF-8. */
    private static byte[] reference(byte[] body) throws IOException {
        StringBuilder out = new StringBuilder();
        try (JsonParser p = JSON.createParser(body)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("messages")) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        String role = "";
                        String content = "";
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            JsonToken t = p.nextToken();
                            if (name.equals("role") && t == JsonToken.VALUE_STRING) {
                                role = p.getText();
                            } else if (name.equals("content")) {
                                content = referenceContent(p, t);
                            } else {
                                p.skipChildren();
                            }
                        }
                        out.append("<|im_start|>").append(role).append('\n').append(content).append("<|im_end|>\n");
                    }
                } else if (field.equals("prompt") && value == JsonToken.VALUE_STRING) {
                    out.append(p.getText());
                } else if (field.equals("prompt") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() == JsonToken.VALUE_STRING) {
                            out.append(p.getText());
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String referenceContent(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return "";
        }
        StringBuilder parts = new StringBuilder();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String type = null;
            String text = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_STRING && name.equals("type")) {
                    type = p.getText();
                } else if (v == JsonToken.VALUE_STRING && name.equals("text")) {
                    text = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (type != null && type.endsWith("text") && text != null) {
                parts.append(parts.isEmpty() ? "" : "\n").append(text);
            }
        }
        return parts.toString();
    }
}
