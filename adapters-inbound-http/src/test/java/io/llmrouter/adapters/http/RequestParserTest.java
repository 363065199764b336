package io.llmrouter.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.application.inference.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestParserTest {

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("{\"model\":\"m\",\"prompt\":\"x\"}", "m", "\"m\""),
                Arguments.of("{ \"prompt\" : \"x\" , \"model\" : \"llama-3\" }", "llama-3", "\"llama-3\""),
                Arguments.of("{\"model\":\"caf\\u00e9 \\\"q\\\"\",\"prompt\":\"x\"}", "café \"q\"", "\"caf\\u00e9 \\\"q\\\"\""),
                // Non-ASCII before the model: offsets are in bytes, not chars.
                Arguments.of("{\"prompt\":\"日本語のプロンプト\",\"model\":\"m2\"}", "m2", "\"m2\""),
                // A nested "model" key is not the request's model.
                Arguments.of("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"model\":\"inner\"}],\"model\":\"outer\"}",
                        "outer", "\"outer\""));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void parse_variousBodies_findsModelAndItsExactByteRange(String json, String model, String rawValue) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String path = json.contains("messages") ? "/v1/chat/completions" : "/v1/completions";
        ParsedBody parsed = RequestParser.parse(bytes, path);
        assertEquals(model, parsed.model());
        byte[] range = Arrays.copyOfRange(bytes, parsed.body().modelValueStart(), parsed.body().modelValueEnd());
        assertEquals(rawValue, new String(range, StandardCharsets.UTF_8));
    }

    @Test
    void parse_streamFlag_readAsBoolean() throws Exception {
        assertTrue(RequestParser.parse(bytes("{\"model\":\"m\",\"prompt\":\"x\",\"stream\":true}"), "/v1/completions").stream());
        assertFalse(RequestParser.parse(bytes("{\"model\":\"m\",\"prompt\":\"x\",\"stream\":null}"), "/v1/completions").stream());
        assertFalse(RequestParser.parse(bytes("{\"model\":\"m\",\"prompt\":\"x\"}"), "/v1/completions").stream());
    }

    @Test
    void parse_otherV1Path_needsOnlyTheModel() throws Exception {
        assertEquals("m", RequestParser.parse(bytes("{\"model\":\"m\",\"input\":\"x\"}"), "/v1/embeddings").model());
    }

    @Test
    void parse_deeplyNestedHostileInput_refusedNotStackOverflow() {
        String deep = "{\"model\":\"m\",\"prompt\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        RequestParser.InvalidRequest e = assertThrows(RequestParser.InvalidRequest.class,
                () -> RequestParser.parse(bytes(deep), "/v1/completions"));
        assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
    }

    @Test
    void parse_blankModel_refusedNamingTheParam() {
        RequestParser.InvalidRequest e = assertThrows(RequestParser.InvalidRequest.class,
                () -> RequestParser.parse(bytes("{\"model\":\"  \",\"prompt\":\"x\"}"), "/v1/completions"));
        assertEquals("model", e.error().param().orElseThrow());
    }

    @Test
    void parse_utf16Body_refusedAsNotUtf8_notACrash() {
        byte[] utf16 = "{\"model\":\"m\",\"prompt\":\"x\",\"stream\":true}".getBytes(StandardCharsets.UTF_16);
        RequestParser.InvalidRequest e = assertThrows(RequestParser.InvalidRequest.class,
                () -> RequestParser.parse(utf16, "/v1/completions"));
        assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
        assertTrue(e.error().message().contains("UTF-8"), e.error().message());
    }

    @Test
    void parse_utf8WithByteOrderMark_offsetsCountTheMark() throws Exception {
        byte[] body = "\uFEFF{\"model\":\"m\",\"prompt\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        ParsedBody parsed = RequestParser.parse(body, "/v1/completions");
        assertEquals("\"m\"", new String(Arrays.copyOfRange(body, parsed.body().modelValueStart(),
                parsed.body().modelValueEnd()), StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
