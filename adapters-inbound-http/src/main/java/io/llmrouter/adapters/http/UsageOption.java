package io.llmrouter.adapters.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmrouter.domain.inference.ByteSplice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a request's {@code stream_options} says about {@code include_usage}, and the byte splice
 * that would turn it on. The router asks every streaming request's engine for usage (Kthena does
 * the same) so token counts are known; the splice keeps the client's other options untouched.
 *
 * @param enabled        the client asked for usage itself: nothing to splice, nothing to hide
 * @param spliceStart    where the replacement goes; -1 when {@code stream_options} is absent
 * @param spliceEnd      end of the replaced bytes (== start for an insertion)
 * @param replacement    what to write there
 */
record UsageOption(boolean enabled, int spliceStart, int spliceEnd, String replacement) {

    static final UsageOption ABSENT = new UsageOption(false, -1, -1, "");
    private static final String WHOLE = "{\"include_usage\":true}";

    /** Reads the value of {@code stream_options}; the parser stands on its first token. */
    static UsageOption read(JsonParser parser, JsonToken value) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return new UsageOption(false, start, (int) parser.currentLocation().getByteOffset(), WHOLE);
        }
        UsageOption found = null;
        boolean otherFields = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken v = parser.nextToken();
            int valueStart = (int) parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            if (name.equals("include_usage")) {
                found = v == JsonToken.VALUE_TRUE ? new UsageOption(true, -1, -1, "")
                        : new UsageOption(false, valueStart, (int) parser.currentLocation().getByteOffset(), "true");
            } else {
                otherFields = true;
            }
        }
        if (found != null) {
            return found;
        }
        // An object without include_usage: insert it right after the opening brace.
        return new UsageOption(false, start + 1, start + 1, "\"include_usage\":true" + (otherFields ? "," : ""));
    }

    /** The splice for a streaming request, given where the top-level object closes. */
    Optional<ByteSplice> spliceToEnable(int closingBrace) {
        if (enabled) {
            return Optional.empty();
        }
        if (spliceStart < 0) {
            byte[] add = (",\"stream_options\":" + WHOLE).getBytes(StandardCharsets.UTF_8);
            return Optional.of(new ByteSplice(closingBrace, closingBrace, add));
        }
        return Optional.of(new ByteSplice(spliceStart, spliceEnd, replacement.getBytes(StandardCharsets.UTF_8)));
    }
}
