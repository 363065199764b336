package io.llmrouter.adapters.k8s.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of("30s", Duration.ofSeconds(30)),
                Arguments.of("1m30s", Duration.ofSeconds(90)),        // 60 + 30
                Arguments.of("100ms", Duration.ofMillis(100)),
                Arguments.of("1h", Duration.ofHours(1)),
                Arguments.of("1.5h", Duration.ofMinutes(90)),         // 1.5 × 60
                Arguments.of("2h45m0.5s", Duration.ofMillis(9_900_500)), // 7200 + 2700 + 0.5 s
                Arguments.of("250us", Duration.ofNanos(250_000)),
                Arguments.of("250µs", Duration.ofNanos(250_000)),
                Arguments.of("10ns", Duration.ofNanos(10)),
                Arguments.of("-2s", Duration.ofSeconds(-2)),
                Arguments.of("0", Duration.ZERO),
                Arguments.of(".5s", Duration.ofMillis(500)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durations")
    void parse_goSyntax_returnsDuration(String text, Duration expected) {
        assertEquals(expected, GoDuration.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "30", "s", "1d", "1 m", "PT30S", "1m30", "1.s.", "--1s"})
    void parse_notGoSyntax_throwsWithExample(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
        assertTrue(e.getMessage().contains("e.g. 30s"), e.getMessage());
    }

    /** Before: "1.5ns" threw ArithmeticException "Rounding necessary", "9999999999h" one saying "Overflow". */
    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of("1.5ns", "has a fraction of a nanosecond"),
                Arguments.of("0.0000000001s", "has a fraction of a nanosecond"),
                Arguments.of("1.0000000005s", "has a fraction of a nanosecond"),
                Arguments.of("9999999999h", "is longer than the largest duration, 2562047h47m16.854775807s"),
                Arguments.of("2562047h47m16.854775808s", "is longer than the largest duration"),
                Arguments.of("-2562047h47m16.854775809s", "is longer than the largest duration"),
                Arguments.of("9".repeat(400) + "h", "is longer than the largest duration"),
                Arguments.of("1000000h".repeat(3), "is longer than the largest duration"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfRange")
    void parse_outOfRange_illegalArgumentWithTheAllowedForm(String text, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
        assertTrue(e.getMessage().contains(problem) && e.getMessage().endsWith(GoDuration.ALLOWED_FORM), e.getMessage());
    }

    @Test
    void parse_goLimits_areTheLongRange() {
        assertEquals(Duration.ofNanos(Long.MAX_VALUE), GoDuration.parse("2562047h47m16.854775807s"));
        assertEquals(Duration.ofNanos(Long.MIN_VALUE), GoDuration.parse("-2562047h47m16.854775808s"));
        assertEquals(Duration.ofNanos(1), GoDuration.parse("1.000ns"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-1s", "-1ns", "597h", "596h0m0.000000001s"})
    void parseWait_negativeOrLongerThanASocketTakes_refused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parseWait(text));
        assertTrue(e.getMessage().startsWith("'" + text + "' is ") && e.getMessage().endsWith(GoDuration.ALLOWED_FORM),
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "0s", "1ns", "596h", "30s"})
    void parseWait_zeroTo596h_accepted(String text) {
        assertEquals(GoDuration.parse(text), GoDuration.parseWait(text));
    }

    /** Any text at all: a Duration, or the one documented exception with the allowed form; nothing else. */
    @Property(tries = 500)
    void parse_anyText_durationOrIllegalArgumentWithTheAllowedForm(@ForAll("durationLike") String text) {
        try {
            GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().endsWith(GoDuration.ALLOWED_FORM), e.getMessage());
        }
    }

    @Property(tries = 300)
    void parse_arbitraryUnicode_durationOrIllegalArgument(@ForAll @StringLength(max = 40) String text) {
        try {
            GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().endsWith(GoDuration.ALLOWED_FORM), e.getMessage());
        }
    }

    @Property(tries = 500)
    void format_thenParse_isTheSameDuration(@ForAll long nanos) {
        Duration d = Duration.ofNanos(nanos);
        assertEquals(d, GoDuration.parse(GoDuration.format(d)), GoDuration.format(d));
    }

    /** Numbers, points, signs and units in any order, so most texts get past the first character. */
    @Provide
    Arbitrary<String> durationLike() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofMaxLength(25),
                Arbitraries.of(".", "-", "+", " ", "ns", "us", "µs", "μs", "ms", "s", "m", "h", "d", "e", "0", "1.5",
                        "9999999999", "2562047h47m16.854775807s"));
        return piece.list().ofMaxSize(8).map(pieces -> String.join("", pieces));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"100ms", "30s", "1m30s", "1h", "2h5m", "1.5s", "0s"})
    void format_parsedDuration_roundTrips(String text) {
        assertEquals(text, GoDuration.format(GoDuration.parse(text)));
    }
}
