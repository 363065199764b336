package io.llmrouter.bench.load;

import java.util.ArrayList;
import java.util.List;

/** Turns per-request outcomes into a {@link RunReport}: pure arithmetic, unit-tested on its own. */
public final class Reports {

    private static final int SAMPLE_ERRORS = 3;

    private Reports() {
    }

    public static RunReport of(String label, String datasetName, LoadOptions options, List<RequestOutcome> outcomes,
                               double wallSeconds) {
        LatencySummary.Recorder ttft = new LatencySummary.Recorder();
        LatencySummary.Recorder tpot = new LatencySummary.Recorder();
        LatencySummary.Recorder itl = new LatencySummary.Recorder();
        LatencySummary.Recorder e2e = new LatencySummary.Recorder();
        int completed = 0;
        long input = 0;
        long output = 0;
        long cached = 0;
        double e2eSum = 0;
        List<String> errors = new ArrayList<>();
        for (RequestOutcome o : outcomes) {
            if (!o.success()) {
                if (errors.size() < SAMPLE_ERRORS && !errors.contains(o.error())) {
                    errors.add(o.error());
                }
                continue;
            }
            completed++;
            input += o.promptTokens();
            output += o.outputTokens();
            cached += o.cachedTokens();
            e2eSum += o.e2eNanos() / 1e9;
            ttft.record(o.ttftNanos());
            tpot.record(o.tpotNanos());
            e2e.record(o.e2eNanos());
            for (long gap : o.itlNanos()) {
                itl.record(gap);
            }
        }
        double scale = options.timeScale();
        double duration = wallSeconds * scale;
        // bench_serving's "concurrency": the mean number of requests in flight, Σ e2e / duration
        double concurrency = wallSeconds > 0 ? e2eSum / wallSeconds : 0;
        return new RunReport(label, datasetName, options.requestRate(), options.maxConcurrency(), completed,
                outcomes.size() - completed, input, output, cached, duration, concurrency,
                ttft.summary().scaled(scale), tpot.summary().scaled(scale), itl.summary().scaled(scale),
                e2e.summary().scaled(scale), errors, scale);
    }
}
