package io.llmrouter.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.llmrouter.bench.load.RunReport;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class WrkTest {

    @Test
    void parse_theScriptsResultLine_microsecondsToMilliseconds() throws IOException {
        String output = "Running 8s test @ http://127.0.0.1:1/v1/completions\n  1 threads and 64 connections\n"
                + "WRK 80000 8000000 2 812.5 100.0 750.0 1200.0 1500.0 2500.0 9000.0 120.0\n";
        RunReport report = Wrk.parse("router small 64", 64, output);
        assertEquals(79998, report.completed());
        assertEquals(2, report.failed());
        assertEquals(8.0, report.durationSeconds(), 1e-9);
        assertEquals(0.75, report.e2e().medianMs(), 1e-9);
        assertEquals(2.5, report.e2e().p99Ms(), 1e-9);
        assertEquals(10_000, report.requestThroughput(), 1);
    }

    @Test
    void parse_noResultLine_saysWhatWrkPrinted() {
        IOException e = assertThrows(IOException.class, () -> Wrk.parse("x", 1, "unable to connect to 127.0.0.1:1"));
        assertEquals(true, e.getMessage().contains("unable to connect"));
    }
}
