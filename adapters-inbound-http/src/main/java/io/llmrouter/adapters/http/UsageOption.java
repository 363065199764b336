package io.llmrouter.adapters.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmrouter.domain.inference.ByteSplice;
import io.llmrouter.domain.inference.StreamUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a request's {@code stream_options} says about {@code include_usage}, in JSON terms: whether
 * the client turned it on, and the byte splice that would turn it on keeping the client's other
 * options untouched. Whether to splice at all is {@link StreamUsage}'s rule, not this class's.
 *
 * <p>Splice ranges come from token start offsets and the fixed lengths of the JSON literals
 * {@code false} and {@code null}, never from where the parser happens to stand after a token: Jackson
 * finishes a string token lazily, so its "current location" after a string can still be inside it
 * (that once turned {@code "include_usage":"true"} into {@code "include_usage":truetrue"}). A value
 * the router cannot interpret (not a boolean or null; {@code stream_options} not an object or null)
 * is a problem to report, not something to overwrite.
 *
 * @param clientAsked  the client turned {@code include_usage} on itself
 * @param spliceStart  where the replacement goes; -1 when {@code stream_options} is absent
 * @param spliceEnd    end of the replaced bytes (== start for an insertion)
 * @param replacement  what to write there
 * @param problemParam the field the router cannot interpret, or null when none
 * @param problem      what is wrong with it, or null
 */
record UsageOption(boolean clientAsked, int spliceStart, int spliceEnd, String replacement, String problemParam,
                   String problem) {

    static final UsageOption ABSENT = new UsageOption(false, -1, -1, "", null, null);
    static final String OPTIONS_PARAM = "stream_options";
    static final String USAGE_PARAM = "stream_options.include_usage";
    private static final UsageOption ASKED = new UsageOption(true, -1, -1, "", null, null);
    private static final String WHOLE = "{\"include_usage\":true}";

    /** Reads the value of {@code stream_options}; the parser stands on its first token. */
    static UsageOption read(JsonParser parser, JsonToken value) throws IOException {
        int start = RequestParser.offset(parser.currentTokenLocation());
        if (value == JsonToken.VALUE_NULL) {
            return replace(start, start + "null".length(), WHOLE);
        }
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return problem(OPTIONS_PARAM, "'stream_options' must be an object, e.g. {\"include_usage\": true}.");
        }
        UsageOption found = null;
        boolean otherFields = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken v = parser.nextToken();
            int valueStart = RequestParser.offset(parser.currentTokenLocation());
            parser.skipChildren();
            if (!name.equals("include_usage")) {
                otherFields = true;
                continue;
            }
            // A repeated key: the last one counts, as for the engines' JSON parsers.
            found = switch (v) {
                case VALUE_TRUE -> ASKED;
                case VALUE_FALSE -> replace(valueStart, valueStart + "false".length(), "true");
                case VALUE_NULL -> replace(valueStart, valueStart + "null".length(), "true");
                default -> problem(USAGE_PARAM, "'stream_options.include_usage' must be true or false, got "
                        + describe(v) + ".");
            };
        }
        if (found != null) {
            return found;
        }
        // An object without include_usage: insert it right after the opening brace.
        return replace(start + 1, start + 1, "\"include_usage\":true" + (otherFields ? "," : ""));
    }

    /** For a streaming request: the usage rule, given where the top-level object closes. */
    StreamUsage streamUsage(boolean stream, int closingBrace) {
        return StreamUsage.decide(stream, clientAsked, () -> spliceToEnable(closingBrace));
    }

    Optional<String> problemField() {
        return Optional.ofNullable(problemParam);
    }

    private ByteSplice spliceToEnable(int closingBrace) {
        if (spliceStart < 0) {
            // Absent: appended to the top-level object, which has a model, so a comma is right.
            byte[] add = (",\"stream_options\":" + WHOLE).getBytes(StandardCharsets.UTF_8);
            return new ByteSplice(closingBrace, closingBrace, add);
        }
        return new ByteSplice(spliceStart, spliceEnd, replacement.getBytes(StandardCharsets.UTF_8));
    }

    private static UsageOption replace(int start, int end, String replacement) {
        return new UsageOption(false, start, end, replacement, null, null);
    }

    private static UsageOption problem(String param, String message) {
        return new UsageOption(false, -1, -1, "", param, message);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> String.valueOf(token);
        };
    }
}
