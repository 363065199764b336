package io.llmrouter.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.application.inference.ErrorKind;
import io.llmrouter.domain.inference.ByteSplice;
import io.llmrouter.domain.inference.RequestBody;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The splice that turns on {@code stream_options.include_usage}, found by the one-pass parser. */
class UsageOptionTest {

    static Stream<Arguments> bodies() {
        return Stream.of(
                // absent: appended before the closing brace of the top-level object
                Arguments.of("{\"model\":\"m\",\"prompt\":\"x\",\"stream\":true}",
                        "{\"model\":\"m\",\"prompt\":\"x\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"),
                Arguments.of("{ \"model\" : \"m\" , \"stream\": true }\n",
                        "{ \"model\" : \"m\" , \"stream\": true ,\"stream_options\":{\"include_usage\":true}}\n"),
                // present and false or null: the value is replaced
                Arguments.of("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":false}}",
                        "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"),
                Arguments.of("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\" : null , \"x\":1}}",
                        "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\" : true , \"x\":1}}"),
                // repeated: the last one counts (as for the engine), so that is the one turned on
                Arguments.of("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true,\"include_usage\":false}}",
                        "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true,\"include_usage\":true}}"),
                // an object without it: inserted first, the client's other options kept
                Arguments.of("{\"stream_options\":{\"continuous_usage_stats\":true},\"model\":\"m\",\"stream\":true}",
                        "{\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":true},\"model\":\"m\",\"stream\":true}"),
                Arguments.of("{\"model\":\"m\",\"stream\":true,\"stream_options\":{}}",
                        "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"),
                // null: replaced whole
                Arguments.of("{\"model\":\"m\",\"stream\":true,\"stream_options\":null}",
                        "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void parse_streamWithoutIncludeUsage_spliceTurnsItOn(String body, String expected) throws Exception {
        RequestBody parsed = RequestParser.parse(bytes(body), "/v1/embeddings").body();
        assertTrue(parsed.usage().hideUsageChunk());
        assertEquals(expected, apply(parsed.bytes(), parsed.usage().bodyEdit().orElseThrow()));
    }

    @ParameterizedTest
    @MethodSource("untouched")
    void parse_usageAlreadyOnOrNotStreaming_noSplice(String body) throws Exception {
        RequestBody parsed = RequestParser.parse(bytes(body), "/v1/embeddings").body();
        assertEquals(Optional.empty(), parsed.usage().bodyEdit());
        assertFalse(parsed.usage().hideUsageChunk());
    }

    static Stream<String> untouched() {
        return Stream.of("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":false,\"include_usage\":true}}",
                "{\"model\":\"m\",\"stream\":false}",
                // not a stream: the router does not interpret stream_options, the engine judges it
                "{\"model\":\"m\",\"stream\":false,\"stream_options\":{\"include_usage\":\"true\"}}",
                "{\"model\":\"m\"}");
    }

    /** The body that once became {"include_usage":truetrue"}, and every other value the router cannot interpret. */
    @ParameterizedTest
    @MethodSource("uninterpretable")
    void parse_streamWithAValueTheRouterCannotInterpret_refusedNamingTheField(String options, String param) {
        String body = "{\"model\":\"m\",\"stream\":true,\"stream_options\":" + options + "}";
        RequestParser.InvalidRequest e = assertThrows(RequestParser.InvalidRequest.class,
                () -> RequestParser.parse(bytes(body), "/v1/embeddings"));
        assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
        assertEquals(param, e.error().param().orElseThrow());
    }

    static Stream<Arguments> uninterpretable() {
        return Stream.of(
                Arguments.of("{\"include_usage\":\"true\"}", "stream_options.include_usage"),
                Arguments.of("{\"include_usage\":\"\"}", "stream_options.include_usage"),
                Arguments.of("{\"include_usage\":1}", "stream_options.include_usage"),
                Arguments.of("{\"include_usage\":-0.5e3}", "stream_options.include_usage"),
                Arguments.of("{\"include_usage\":{\"a\":[1]}}", "stream_options.include_usage"),
                Arguments.of("{\"include_usage\":[true]}", "stream_options.include_usage"),
                Arguments.of("\"yes\"", "stream_options"),
                Arguments.of("[]", "stream_options"),
                Arguments.of("true", "stream_options"),
                Arguments.of("7", "stream_options"));
    }

    private static String apply(byte[] src, ByteSplice s) {
        String text = new String(src, StandardCharsets.UTF_8);
        return text.substring(0, s.start()) + new String(s.replacement(), StandardCharsets.UTF_8) + text.substring(s.end());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
