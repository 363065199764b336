package io.llmrouter.adapters.engines.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random request bodies through the PD rewrites: the prefill body keeps every member but the ones
 * the rule removes or replaces, value for value (numbers with their exact text), with exactly one
 * token limit of 1; the decode body is the original byte for byte up to its closing brace, plus the
 * appended members.
 */
class PdBodiesPropertiesTest {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final String[] NAMES = {"model", "prompt", "stream", "stream_options", "max_tokens", "max_completion_tokens",
        "max_output_tokens", "temperature", "n", "messages", "seed", "kv_transfer_params", "bootstrap_room"};
    static final String[] VALUES = {"1", "0", "-3", "2.50", "1e-5", "1.0E+3", "true", "false", "null", "\"x\"",
        "\"\\u00e9\\n\\\"q\\\"\"", "[]", "[1,{\"a\":[null]}]", "{}", "{\"include_usage\":true}"};
    static final String[] SPACE = {"", " ", "\n  ", "\t"};

    record Body(String text, String path) {
    }

    static Body body(long seed) {
        Random r = new Random(seed);
        List<String> members = new ArrayList<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            String name = NAMES[r.nextInt(NAMES.length)];
            if (used.add(name)) {
                String sp = SPACE[r.nextInt(SPACE.length)];
                members.add(sp + "\"" + name + "\"" + sp + ":" + sp + VALUES[r.nextInt(VALUES.length)] + sp);
            }
        }
        String path = List.of("/v1/completions", "/v1/chat/completions", "/v1/responses").get(r.nextInt(3));
        return new Body("{" + String.join(",", members) + SPACE[r.nextInt(SPACE.length)] + "}", path);
    }

    @Test
    void prefillBody_removesAndLimitsExactlyWhatTheRuleSays_keepsEveryOtherValue() {
        Property.check("pd prefill body", 500, Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE), seed -> {
            Body b = body(seed);
            for (PdBodies.TokenLimit rule : PdBodies.TokenLimit.values()) {
                try {
                    checkPrefill(b, rule);
                } catch (Exception e) {
                    throw new AssertionError(b + " " + rule, e);
                }
            }
        });
    }

    private static void checkPrefill(Body b, PdBodies.TokenLimit rule) throws Exception {
        ObjectNode before = (ObjectNode) JSON.readTree(b.text());
        ObjectNode after = (ObjectNode) JSON.readTree(PdBodies.prefill(b.text().getBytes(StandardCharsets.UTF_8),
                b.path(), rule, "\"bootstrap_room\":5"));
        assertFalse(after.has("stream") || after.has("stream_options"), after.toString());
        assertEquals(5, after.get("bootstrap_room").asInt());
        String limit = rule == PdBodies.TokenLimit.KTHENA ? "max_tokens"
                : b.path().equals("/v1/responses") ? "max_output_tokens"
                : before.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        assertEquals(1, after.get(limit).asInt(), limit + " in " + after);
        for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equals("bootstrap_room")) {
                continue; // the client's own value gives way to the router's (asserted above), never sent twice
            }
            boolean removed = name.equals("stream") || name.equals("stream_options")
                    || rule == PdBodies.TokenLimit.OPENAI && limit.equals("max_completion_tokens") && name.equals("max_tokens");
            boolean limited = name.equals(limit) || rule == PdBodies.TokenLimit.KTHENA && name.equals("max_completion_tokens");
            if (removed) {
                assertFalse(after.has(name), name + " kept in " + after);
            } else if (limited) {
                assertEquals(1, after.get(name).asInt());
            } else {
                JsonNode want = before.get(name);
                assertEquals(want, after.get(name), name);
                if (want.isNumber()) {
                    assertEquals(want.decimalValue().toString(), after.get(name).decimalValue().toString());
                }
            }
        }
    }

    @Test
    void decodeBody_isTheOriginalByteForByte_plusTheAppendedMembers() {
        Property.check("pd decode body", 500, Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE), seed -> {
            Body b = body(seed);
            byte[] original = b.text().getBytes(StandardCharsets.UTF_8);
            byte[] out = PdBodies.appendMembers(original, "\"bootstrap_host\":\"10.0.0.1\",\"bootstrap_room\":9");
            int close = b.text().lastIndexOf('}');
            byte[] head = java.util.Arrays.copyOf(out, close);
            assertArrayEquals(java.util.Arrays.copyOf(original, close), head);
            try {
                JsonNode tree = JSON.readTree(out);
                assertEquals("10.0.0.1", tree.get("bootstrap_host").asText());
                assertEquals(9, tree.get("bootstrap_room").asInt());
            } catch (Exception e) {
                throw new AssertionError(new String(out, StandardCharsets.UTF_8), e);
            }
            assertTrue(new String(out, StandardCharsets.UTF_8).endsWith(b.text().substring(close)));
        });
    }
}
