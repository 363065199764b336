package io.llmrouter.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The metrics-backend benchmarks run what they claim: every backend records, both servers answer. */
class MetricsBackendBenchmarkSmokeTest {

    @Test
    void meterBackends_eachRecordsOneRequest() {
        MetricsBackendBenchmark benchmark = new MetricsBackendBenchmark();
        benchmark.setUp();
        try {
            benchmark.micrometerCached();
            benchmark.helidonApiCached();
            benchmark.helidonApiGetOrCreate();
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void plainAndObservedServers_answerTheBenchmarkRequest() throws Exception {
        for (String server : new String[] {"plain", "observed"}) {
            ObserveHttpBenchmark benchmark = new ObserveHttpBenchmark();
            benchmark.server = server;
            benchmark.setUp();
            try {
                assertEquals(2, benchmark.request(), server);
                assertEquals(2, benchmark.request(), server);
            } finally {
                benchmark.tearDown();
            }
        }
    }
}
