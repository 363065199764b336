package io.llmrouter.bench.faults;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The fault matrix as a markdown table, each row against the no-fault row of the same kind. */
final class FaultReport {

    private FaultReport() {
    }

    static String markdown(List<FaultMatrixMain.RowResult> rows, Duration row, int clients) {
        StringBuilder md = new StringBuilder();
        md.append("# Fault matrix\n\n3 simulated vLLM replicas (h100-7b profile, 16 output tokens), one faulty; ")
                .append(clients).append(" closed-loop clients, ").append(row.toSeconds())
                .append(" s per row, a fresh router and fresh engines per row. Route: timeout 3 s, retry attempts 2.\n")
                .append("Load average at the end: ").append(io.llmrouter.bench.harness.Manifests.loadAverage()).append("\n\n")
                .append("| fault | kind | requests | ok % | lost | streams failed visibly | truncated silently "
                        + "| p50 ms | p99 ms | p99 ms, 2nd half | 2nd-half p99 / no-fault p99 |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (FaultMatrixMain.RowResult r : rows) {
            Map<Outcome, Long> c = r.counts();
            long total = r.samples().size();
            double baseline = rows.stream().filter(b -> b.fault() == Fault.NONE && b.stream() == r.stream())
                    .findFirst().map(b -> b.latencyMs(0.99, false)).orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %d | %d | %d | %.0f | %.0f | %.0f | %.2f |\n",
                    r.fault().description(), r.stream() ? "stream" : "plain", total,
                    total == 0 ? 0 : 100.0 * c.get(Outcome.OK) / total, c.get(Outcome.LOST),
                    c.get(Outcome.FAILED_VISIBLY), c.get(Outcome.TRUNCATED), r.latencyMs(0.5, false),
                    r.latencyMs(0.99, false), r.latencyMs(0.99, true), r.latencyMs(0.99, true) / baseline));
        }
        md.append("\nlost: failed though two healthy replicas were there and nothing had reached the client. ")
                .append("Streams failed visibly: cut by the faulty engine after bytes reached the client, ended with the ")
                .append("router's error event and [DONE] (not retryable). Truncated silently: ended without [DONE].\n");
        return md.toString();
    }
}
