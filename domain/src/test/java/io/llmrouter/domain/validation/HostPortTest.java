package io.llmrouter.domain.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    static Stream<Arguments> addresses() {
        return Stream.of(
                Arguments.of("10.0.0.5:8000", "10.0.0.5", OptionalInt.of(8000)),
                Arguments.of("gpu-1", "gpu-1", OptionalInt.empty()),
                Arguments.of("[::1]:8000", "::1", OptionalInt.of(8000)),
                Arguments.of("[fd00::5]", "fd00::5", OptionalInt.empty()),
                Arguments.of(" redis:6379 ", "redis", OptionalInt.of(6379)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addresses")
    void parse_validAddress_splitsHostAndPort(String text, String host, OptionalInt port) {
        assertEquals(Optional.of(new HostPort(host, port)), HostPort.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "http://h:1", "h:", "h:x", "h:0", "h:65536", "::1", "[::1", ":8000", "h/v1"})
    void parse_invalidAddress_explainsWhy(String text) {
        assertTrue(HostPort.parse(text).isEmpty());
        assertTrue(HostPort.problem(text).isPresent());
    }
}
