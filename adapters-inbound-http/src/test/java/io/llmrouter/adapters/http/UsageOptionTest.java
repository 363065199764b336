package io.llmrouter.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                // present and false (or not a boolean): the value is replaced
                Arguments.of("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":false}}",
                        "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"),
                Arguments.of("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":{\"a\":[1]}}}",
                        "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"),
                // an object without it: inserted first, the client's other options kept
                Arguments.of("{\"stream_options\":{\"continuous_usage_stats\":true},\"model\":\"m\",\"stream\":true}",
                        "{\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":true},\"model\":\"m\",\"stream\":true}"),
                Arguments.of("{\"model\":\"m\",\"stream\":true,\"stream_options\":{}}",
                        "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"),
                // not an object at all: replaced whole
                Arguments.of("{\"model\":\"m\",\"stream\":true,\"stream_options\":null}",
                        "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void parse_streamWithoutIncludeUsage_spliceTurnsItOn(String body, String expected) throws Exception {
        RequestBody parsed = RequestParser.parse(bytes(body), "/v1/embeddings").body();
        assertTrue(parsed.includeUsage().isPresent());
        assertEquals(expected, apply(parsed.bytes(), parsed.includeUsage().get()));
    }

    @ParameterizedTest
    @MethodSource("untouched")
    void parse_usageAlreadyOnOrNotStreaming_noSplice(String body) throws Exception {
        assertEquals(Optional.empty(), RequestParser.parse(bytes(body), "/v1/embeddings").body().includeUsage());
    }

    static Stream<String> untouched() {
        return Stream.of("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
                "{\"model\":\"m\",\"stream\":false}",
                "{\"model\":\"m\"}");
    }

    private static String apply(byte[] src, ByteSplice s) {
        String text = new String(src, StandardCharsets.UTF_8);
        return text.substring(0, s.start()) + new String(s.replacement(), StandardCharsets.UTF_8) + text.substring(s.end());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
