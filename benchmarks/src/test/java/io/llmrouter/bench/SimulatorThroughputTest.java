package io.llmrouter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A tiny smoke run of the capacity benchmark (the real run is documented in docs/benchmarks.md). */
class SimulatorThroughputTest {

    @Test
    void run_burstTwentyStreams_everyStreamGetsAllEventsAndDone() throws Exception {
        SimulatorThroughput.Report report = SimulatorThroughput.run("burst", 20, 5, 0);
        assertEquals(20, report.completed());
        // 5 token events + [DONE] per stream
        assertEquals(20 * 6, report.events());
    }

    @Test
    void run_pacedStreams_allOpenAtOnce() throws Exception {
        // Each stream lasts 2 s (100 events 20 ms apart): long enough that all 50 are open at once even
        // when a loaded machine takes a second to open them all.
        SimulatorThroughput.Report report = SimulatorThroughput.run("paced", 50, 100, 20);
        assertEquals(50, report.completed());
        assertEquals(50, report.peakConcurrent());
    }

    @Test
    void run_unknownMode_failsListingModes() {
        assertThrows(IllegalArgumentException.class, () -> SimulatorThroughput.run("fast", 1, 1, 1));
    }
}
