package io.llmrouter.adapters.engines.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HistogramDeltaTest {

    /** The state after a scrape that saw sum 8.0 over 160 observations and derived a mean of 0.05. */
    private static final HistogramDelta SEEN = new HistogramDelta(8.0, 160, 0.05);

    static Stream<Arguments> intervals() {
        return Stream.of(
                // name, previous, current sum, current count, expected mean
                Arguments.of("first scrape is unknown", HistogramDelta.NONE, 8.0, 160, Double.NaN),
                Arguments.of("delta: (9.2-8)/(180-160) = 1.2/20", SEEN, 9.2, 180, 0.06),
                Arguments.of("no new observations keep the previous mean", SEEN, 8.0, 160, 0.05),
                Arguments.of("count went down: reset, 0.3/3", SEEN, 0.3, 3, 0.1),
                Arguments.of("sum went down, count up: reset too, 2/200", SEEN, 2.0, 200, 0.01),
                Arguments.of("reset with nothing observed yet keeps the previous mean", SEEN, 0.0, 0, 0.05),
                Arguments.of("metric gone is unknown", SEEN, Double.NaN, Double.NaN, Double.NaN),
                Arguments.of("nothing ever observed stays unknown",
                        new HistogramDelta(0, 0, Double.NaN), 0.0, 0, Double.NaN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("intervals")
    void next_interval_meanAsDocumented(String name, HistogramDelta previous, double sum, double count, double mean) {
        assertEquals(mean, previous.next(sum, count).mean(), 1e-12);
    }

    @Test
    void next_metricGone_forgetsTotalsSoItsReturnIsAFirstScrape() {
        HistogramDelta gone = SEEN.next(Double.NaN, Double.NaN);
        assertSame(HistogramDelta.NONE, gone);
        assertEquals(Double.NaN, gone.next(20.0, 300).mean());
    }

    @Test
    void next_threeScrapes_eachIntervalOnItsOwn() {
        HistogramDelta first = HistogramDelta.NONE.next(1.0, 10);
        HistogramDelta second = first.next(3.0, 20);     // (3-1)/(20-10) = 0.2
        HistogramDelta third = second.next(3.5, 30);     // (3.5-3)/(30-20) = 0.05
        assertEquals(0.2, second.mean(), 1e-12);
        assertEquals(0.05, third.mean(), 1e-12);
    }

    @Test
    void update_signalNotTouched_notCarriedOver() {
        ScrapeMemory.Updater updater = ScrapeMemory.EMPTY.update();
        updater.mean("ttft", 1.0, 10);
        ScrapeMemory memory = updater.build();
        assertEquals(10, memory.get("ttft").count());
        ScrapeMemory next = memory.update().build();
        assertSame(HistogramDelta.NONE, next.get("ttft"));
    }
}
