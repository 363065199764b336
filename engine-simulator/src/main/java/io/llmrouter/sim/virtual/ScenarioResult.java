package io.llmrouter.sim.virtual;

import java.util.Locale;

/**
 * What one scenario run measured, in virtual time.
 *
 * @param policy            placement policy name
 * @param requests          requests completed
 * @param durationSeconds   first arrival to last completion
 * @param requestsPerSecond completed requests over the duration
 * @param outputTokensPerSecond generated tokens over the duration
 * @param meanTtftMs        mean time to first token
 * @param p99TtftMs         99th percentile time to first token
 * @param prefixHitRate     prefix-cache hit tokens over queried tokens
 * @param preemptions       preemptions across all replicas
 */
public record ScenarioResult(String policy, int requests, double durationSeconds, double requestsPerSecond,
                             double outputTokensPerSecond, double meanTtftMs, double p99TtftMs, double prefixHitRate,
                             long preemptions) {

    public static String tableHeader() {
        return "| policy | requests | duration (s) | req/s | output tok/s | mean TTFT (ms) | p99 TTFT (ms) | prefix hit rate | preemptions |\n"
            + "|---|---|---|---|---|---|---|---|---|";
    }

    public String tableRow() {
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.0f | %.0f | %.0f | %.1f%% | %d |", policy, requests,
            durationSeconds, requestsPerSecond, outputTokensPerSecond, meanTtftMs, p99TtftMs, prefixHitRate * 100,
            preemptions);
    }
}
