package io.llmrouter.adapters.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TraceParentTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void parse_specExample_idsAndSampledFlag() {
        TraceParent p = TraceParent.parse("00-" + TRACE + "-" + SPAN + "-01").orElseThrow();

        assertEquals(TRACE, p.traceId());
        assertEquals(SPAN, p.spanId());
        assertTrue(p.sampled());
        assertEquals("00-" + TRACE + "-" + SPAN + "-01", p.header());
    }

    @Test
    void parse_flagsWithOtherBits_onlyBitZeroMeansSampled() {
        assertEquals(false, TraceParent.parse("00-" + TRACE + "-" + SPAN + "-02").orElseThrow().sampled());
        assertEquals(true, TraceParent.parse("00-" + TRACE + "-" + SPAN + "-03").orElseThrow().sampled());
    }

    @Test
    void parse_higherVersionWithExtraField_readByItsFirstFourFields() {
        TraceParent p = TraceParent.parse("cc-" + TRACE + "-" + SPAN + "-01-what-the-future-holds").orElseThrow();

        assertEquals(TRACE, p.traceId());
        assertEquals("00-" + TRACE + "-" + SPAN + "-01", p.header(), "a participant writes the version it knows");
    }

    static Stream<String> malformed() {
        return Stream.of(
                "",
                "garbage",
                "00-" + TRACE + "-" + SPAN,                          // no flags
                "00-" + TRACE.toUpperCase() + "-" + SPAN + "-01",    // upper-case hex
                "00-" + "0".repeat(32) + "-" + SPAN + "-01",         // all-zero trace id
                "00-" + TRACE + "-" + "0".repeat(16) + "-01",        // all-zero parent id
                "ff-" + TRACE + "-" + SPAN + "-01",                  // forbidden version
                "00-" + TRACE + "-" + SPAN + "-01-extra",            // version 00 has exactly four fields
                "cc-" + TRACE + "-" + SPAN + "-01x",                 // a later field must start with '-'
                "00_" + TRACE + "_" + SPAN + "_01",
                "00-" + TRACE.substring(1) + "g-" + SPAN + "-01");
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void parse_malformed_empty(String header) {
        assertEquals(Optional.empty(), TraceParent.parse(header));
    }
}
