package io.llmrouter.adapters.k8s.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"100ms", "30s", "1m30s", "1h", "2h5m", "1.5s", "0s"})
    void format_parsedDuration_roundTrips(String text) {
        assertEquals(text, GoDuration.format(GoDuration.parse(text)));
    }
}
