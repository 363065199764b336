package io.llmrouter.adapters.k8s.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
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
    @Test
    void parse_anyText_durationOrIllegalArgumentWithTheAllowedForm() {
        Property.check("GoDuration duration-like text", 500, durationLike(), GoDurationTest::durationOrAllowedForm);
    }

    /** Any UTF-16 text up to 40 units, the empty text among them. */
    @Test
    void parse_arbitraryUnicode_durationOrIllegalArgument() {
        Property.check("GoDuration any text", 300, Gen.frequency(1, Gen.just(""), 19, Gen.anyStrings(0, 40)),
                GoDurationTest::durationOrAllowedForm);
    }

    private static void durationOrAllowedForm(String text) {
        try {
            GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().endsWith(GoDuration.ALLOWED_FORM), e.getMessage());
        }
    }

    @Test
    void format_thenParse_isTheSameDuration() {
        Property.check("GoDuration format then parse", 500, nanos(), nanos -> {
            Duration d = Duration.ofNanos(nanos);
            assertEquals(d, GoDuration.parse(GoDuration.format(d)), GoDuration.format(d));
        });
    }

    /**
     * Any long, with the limits and their neighbours, small magnitudes and whole units (1µs to 1h)
     * drawn often: uniform longs alone are almost all centuries long and never a plain "1.5s".
     */
    private static Gen<Long> nanos() {
        Gen<Long> edges = Gen.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L, Long.MAX_VALUE - 1, Long.MAX_VALUE);
        Gen<Long> wholeUnits = Gen.combine(Gen.ints(-100_000, 100_000),
                Gen.of(1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L), (n, unit) -> n * unit);
        return Gen.frequency(1, edges, 3, Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE),
                2, Gen.longs(-1_000_000_000_000L, 1_000_000_000_000L), 2, wholeUnits);
    }

    /** Numbers, points, signs and units in any order, so most texts get past the first character. */
    private static Gen<String> durationLike() {
        Gen<String> piece = Gen.oneOf(
                Gen.strings("0123456789", 0, 25),
                Gen.of(".", "-", "+", " ", "ns", "us", "µs", "μs", "ms", "s", "m", "h", "d", "e", "0", "1.5",
                        "9999999999", "2562047h47m16.854775807s"));
        return piece.list(0, 8).map(pieces -> String.join("", pieces));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"100ms", "30s", "1m30s", "1h", "2h5m", "1.5s", "0s"})
    void format_parsedDuration_roundTrips(String text) {
        assertEquals(text, GoDuration.format(GoDuration.parse(text)));
    }
}
