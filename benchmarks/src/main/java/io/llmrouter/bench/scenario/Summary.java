package io.llmrouter.bench.scenario;

import io.llmrouter.sim.core.SimRequest;
import io.llmrouter.sim.virtual.ScenarioConfig;
import io.llmrouter.sim.virtual.ScenarioResult;
import java.util.Arrays;
import java.util.List;

/**
 * Turns finished requests into a {@link ScenarioResult} with the definitions the simulator's own
 * scenario uses (duration from first arrival to last completion; p99 by nearest rank), so the rows
 * of both tables compare.
 */
final class Summary {

    private Summary() {
    }

    /** @param engineCounters queried prefix tokens, hit prefix tokens, preemptions (summed over replicas) */
    static ScenarioResult of(String name, List<SimRequest> requests, long[] engineCounters, ScenarioConfig config) {
        long start = requests.stream().mapToLong(SimRequest::arrivalNanos).min().orElse(0);
        long end = requests.stream().mapToLong(SimRequest::finishedNanos).max().orElse(start);
        double seconds = (end - start) / 1e9;
        double[] ttftMs = requests.stream().mapToDouble(r -> (r.firstTokenNanos() - r.arrivalNanos()) / 1e6)
                .sorted().toArray();
        long outputTokens = requests.stream().mapToLong(SimRequest::outputTokens).sum();
        double mean = Arrays.stream(ttftMs).average().orElse(0);
        double p99 = ttftMs.length == 0 ? 0 : ttftMs[(int) Math.ceil(0.99 * ttftMs.length) - 1];
        long done = requests.stream().filter(r -> r.outputTokens() == config.outputTokens()).count();
        double hitRate = engineCounters[0] == 0 ? 0 : engineCounters[1] / (double) engineCounters[0];
        return new ScenarioResult(name, (int) done, seconds, done / seconds, outputTokens / seconds, mean, p99,
                hitRate, engineCounters[2]);
    }
}
