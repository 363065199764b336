package io.llmrouter.adapters.engines.forward;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The request bodies of the two PD legs, written with Jackson's streaming parser and generator (no
 * tree). The decode body is the aggregated body (model override, usage request) with fields
 * appended by one splice before its closing brace, so the prompt goes out as the client sent it; the
 * prefill body is rewritten member by member (top-level members removed or replaced, every other
 * value copied, numbers with their exact text), then the added fields appended.
 *
 * <p>Token limits on the prefill (the prefill must stop after one token, or vLLM's NIXL connector
 * returns no transfer parameters): {@code /v1/responses} gets {@code max_output_tokens: 1};
 * a body with {@code max_completion_tokens} gets it set to 1 and loses {@code max_tokens} (engines
 * reject both); any other gets {@code max_tokens: 1}. Kthena's rule ({@link TokenLimit#KTHENA}):
 * {@code max_tokens: 1} always, {@code max_completion_tokens: 1} when present.
 */
final class PdBodies {

    private static final JsonFactory JSON = new JsonFactory();

    /** How the prefill leg's token limit is written. */
    enum TokenLimit { OPENAI, KTHENA }

    private PdBodies() {
    }

    /**
     * The prefill body: {@code body} (model already overridden, no usage edit) without {@code stream}
     * and {@code stream_options}, its token limit set to 1, then {@code appended} (raw JSON members,
     * each {@code "name":value}, or empty).
     */
    static byte[] prefill(byte[] body, String path, TokenLimit rule, String appended) {
        Set<String> names = topLevelNames(body);
        boolean responses = path.equals("/v1/responses");
        boolean completionLimit = names.contains("max_completion_tokens");
        Set<String> drop = new LinkedHashSet<>(Set.of("stream", "stream_options"));
        String limit;
        if (rule == TokenLimit.KTHENA) {
            limit = "max_tokens";
        } else if (responses) {
            limit = "max_output_tokens";
        } else if (completionLimit) {
            limit = "max_completion_tokens";
            drop.add("max_tokens");
        } else {
            limit = "max_tokens";
        }
        drop.addAll(appendedNames(appended));
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        try (JsonParser p = JSON.createParser(body); JsonGenerator g = JSON.createGenerator(out)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            g.writeStartObject();
            boolean limitWritten = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                boolean kthenaCompletion = rule == TokenLimit.KTHENA && name.equals("max_completion_tokens");
                if (name.equals(limit) || kthenaCompletion) {
                    g.writeNumberField(name, 1);
                    limitWritten |= name.equals(limit);
                    p.skipChildren();
                } else if (drop.contains(name)) {
                    p.skipChildren();
                } else {
                    g.writeFieldName(name);
                    copyValue(p, g);
                }
            }
            if (!limitWritten) {
                g.writeNumberField(limit, 1);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return appendMembers(out.toByteArray(), appended);
    }

    /**
     * {@code body} with {@code members} (raw JSON, {@code "a":1,"b":2}) added before its closing
     * brace; the rest byte for byte. An empty object gets them without a leading comma.
     */
    static byte[] appendMembers(byte[] body, String members) {
        if (members.isEmpty()) {
            return body;
        }
        int close = body.length - 1;
        while (close >= 0 && isSpace(body[close])) {
            close--;
        }
        if (close < 0 || body[close] != '}') {
            throw new IllegalArgumentException("the request body is not a JSON object");
        }
        int last = close - 1;
        while (last >= 0 && isSpace(body[last])) {
            last--;
        }
        boolean empty = last >= 0 && body[last] == '{';
        byte[] add = ((empty ? "" : ",") + members).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] result = new byte[body.length + add.length];
        System.arraycopy(body, 0, result, 0, close);
        System.arraycopy(add, 0, result, close, add.length);
        System.arraycopy(body, close, result, close + add.length, body.length - close);
        return result;
    }

    /**
     * The raw JSON of the top-level {@code name} member's value of a JSON object answer (re-written
     * compactly, numbers exact), or null when the answer has none, has {@code null}, or is not JSON.
     */
    static String member(byte[] json, String name) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals(name)) {
                    if (value == JsonToken.VALUE_NULL) {
                        return null;
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (JsonGenerator g = JSON.createGenerator(out)) {
                        copyValue(p, g);
                    }
                    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A JSON string literal. */
    static String quote(String value) {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(value))
                + "\"";
    }

    private static Set<String> topLevelNames(byte[] body) {
        Set<String> names = new LinkedHashSet<>();
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                names.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** The member names of {@code "a":1,"b":{...}}, so that a client's own copy is not sent twice. */
    private static Set<String> appendedNames(String members) {
        if (members.isEmpty()) {
            return Set.of();
        }
        return topLevelNames(("{" + members + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Copies the value at the parser's current token, numbers with their exact text. */
    private static void copyValue(JsonParser p, JsonGenerator g) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                g.writeStartObject();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    g.writeFieldName(p.currentName());
                    p.nextToken();
                    copyValue(p, g);
                }
                g.writeEndObject();
            }
            case START_ARRAY -> {
                g.writeStartArray();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    copyValue(p, g);
                }
                g.writeEndArray();
            }
            case VALUE_STRING -> g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
            case VALUE_TRUE -> g.writeBoolean(true);
            case VALUE_FALSE -> g.writeBoolean(false);
            case VALUE_NULL -> g.writeNull();
            default -> throw new IOException("unexpected JSON token " + t);
        }
    }

    private static void expect(JsonToken got, JsonToken wanted) throws IOException {
        if (got != wanted) {
            throw new IOException("expected " + wanted + ", got " + got);
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
