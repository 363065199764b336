package io.llmrouter.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The output limit an output rate limit reserves: the smallest non-negative integer among
 * {@code max_tokens}, {@code max_completion_tokens} and {@code max_output_tokens}; any other value
 * (negative, fractional, a string, too large for a long) is the engine's to judge, never an error here.
 */
class OutputLimitPropertiesTest {

    private static final List<String> NAMES = List.of("max_tokens", "max_completion_tokens", "max_output_tokens");
    private static final Gen<String> VALUES = Gen.oneOf(Gen.longs(-5, 100_000).map(String::valueOf),
            Gen.of("0", "-0", "1.5", "1e3", "\"64\"", "null", "true", "[]", "{\"n\":1}",
                    "99999999999999999999999", String.valueOf(Long.MAX_VALUE)));

    @Test
    void theSmallestNonNegativeIntegerLimitIsReservedAndNothingElse() {
        Set<String> seen = new TreeSet<>();
        Gen<List<String>> fields = VALUES.map(v -> v).list(3, 3);
        Gen<List<Boolean>> present = Gen.booleans().list(3, 3);
        Property.check("output limit", 400, Gen.combine(fields, present, (v, p) -> List.of(v, p)), pair -> {
            @SuppressWarnings("unchecked") List<String> values = (List<String>) pair.get(0);
            @SuppressWarnings("unchecked") List<Boolean> on = (List<Boolean>) pair.get(1);
            StringBuilder body = new StringBuilder("{\"model\":\"m\",\"prompt\":\"p\"");
            long expected = -1;
            for (int i = 0; i < 3; i++) {
                if (!on.get(i)) {
                    continue;
                }
                body.append(",\"").append(NAMES.get(i)).append("\":").append(values.get(i));
                long n = integral(values.get(i));
                if (n >= 0 && (expected < 0 || n < expected)) {
                    expected = n;
                }
            }
            body.append('}');
            ParsedBody parsed;
            try {
                parsed = RequestParser.parse(body.toString().getBytes(StandardCharsets.UTF_8), "/v1/completions");
            } catch (RequestParser.InvalidRequest e) {
                throw new AssertionError("refused " + body + ": " + e.error().message());
            }
            OptionalLong want = expected < 0 ? OptionalLong.empty() : OptionalLong.of(expected);
            assertEquals(want, parsed.maxOutputTokens(), body.toString());
            seen.add(want.isPresent() ? "limited" : "unlimited");
        });
        assertTrue(seen.containsAll(Set.of("limited", "unlimited")), seen.toString());
    }

    /** A JSON integer literal that fits a long, else -1. */
    private static long integral(String literal) {
        if (!literal.matches("-?\\d+")) {
            return -1;
        }
        BigInteger n = new BigInteger(literal);
        return n.bitLength() < 64 ? n.longValue() : -1;
    }
}
