package io.llmrouter.domain.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StringMatchTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(StringMatch.exact("premium"), "premium", true),
                Arguments.of(StringMatch.exact("premium"), "Premium", false),
                Arguments.of(StringMatch.exact("premium"), "premium-plus", false),
                Arguments.of(StringMatch.exact(""), null, true), // a missing header reads as ""
                Arguments.of(StringMatch.prefix("/v1/chat"), "/v1/chat/completions", true),
                Arguments.of(StringMatch.prefix("/v1/chat"), "/v1/completions", false),
                // Regex is an unanchored search, like Go's MatchString.
                Arguments.of(StringMatch.regex("prem"), "x-premium-y", true),
                Arguments.of(StringMatch.regex("^prem$"), "premium", false),
                Arguments.of(StringMatch.regex("^(gold|premium)$"), "gold", true),
                Arguments.of(StringMatch.regex("([unclosed"), "([unclosed", false), // invalid never matches
                Arguments.of(StringMatch.of(null, null, null), "anything", true),
                // Precedence exact > prefix > regex when several are set.
                Arguments.of(StringMatch.of("a", "b", "c"), "b-prefixed", false),
                Arguments.of(StringMatch.of(null, "b", "zzz"), "b-prefixed", true));
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @MethodSource("cases")
    void matches_table_followsKthenaSemantics(StringMatch match, String value, boolean expected) {
        assertEquals(expected, match.matches(value));
    }

    @org.junit.jupiter.api.Test
    void regexError_invalidPattern_describesTheProblem() {
        assertTrue(StringMatch.regex("([x").regexError().isPresent());
        assertTrue(StringMatch.regex("ok.*").regexError().isEmpty());
    }
}
