package io.llmrouter.adapters.observe.metrics;

import java.time.Duration;

/** Histogram bucket bounds, fixed so the exposition (and dashboards) do not depend on traffic. */
final class Buckets {

    /** Kthena's request-duration buckets, 5 ms to 60 s. */
    static final Duration[] REQUEST = millis(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000);
    /** Scheduling work: microseconds to a few milliseconds. */
    static final Duration[] SCHEDULING = micros(10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 50_000);
    /** Reading and parsing a request body: tens of microseconds (chat) to tens of milliseconds (huge prompts). */
    static final Duration[] PARSE = micros(50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 100_000, 1_000_000);
    static final double[] RATIO = {0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    private Buckets() {
    }

    private static Duration[] millis(long... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofMillis(values[i]);
        }
        return out;
    }

    private static Duration[] micros(long... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(values[i] * 1_000);
        }
        return out;
    }
}
