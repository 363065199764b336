package io.llmrouter.bench.routing;

import io.llmrouter.bench.harness.BarChartSvg;
import io.llmrouter.bench.harness.BarChartSvg.Bar;
import io.llmrouter.bench.harness.BarChartSvg.Panel;
import io.llmrouter.bench.load.RunReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The blog's Table 2 shape (plugin set, throughput, latency, TTFT) per variant, with the columns this
 * run adds (p99 TTFT, prefix-cache hit rate, success rate), the best row's ratios against Random set
 * beside the blog's 2.73× and −73.5 %, and the SVG chart.
 */
final class RoutingReport {

    private RoutingReport() {
    }

    static String markdown(List<RowResult> results, RoutingScale scale) {
        String scaleLine = scale.describe();
        StringBuilder md = new StringBuilder("Scale: ").append(scaleLine).append("\n\n");
        for (Variant variant : Variant.values()) {
            List<RowResult> rows = results.stream().filter(r -> r.variant() == variant).toList();
            if (rows.isEmpty()) {
                continue;
            }
            md.append("**").append(variant.title).append("**, system ").append(variant.systemPromptLen)
                    .append(" + question ").append(variant.questionLen).append(" → output ").append(scale.outputLen())
                    .append(" tokens\n\n| Plugin Combination | Throughput (req/s) | Latency (s) | TTFT (s) | p99 TTFT (s) "
                            + "| prefix hit | success |\n|---|---|---|---|---|---|---|\n");
            rows.forEach(r -> md.append(row(r)));
            md.append(ratios(rows)).append('\n');
        }
        return md.toString();
    }

    private static String row(RowResult r) {
        if (r.report().isEmpty()) {
            return "| " + r.row().label() + " | – | – | – | – | – | skipped: " + r.skipped().replace('|', '/') + " |\n";
        }
        RunReport x = r.report().get();
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.1f%% | %.1f%% |%n", r.row().label(),
                x.requestThroughput(), x.e2e().meanMs() / 1000, x.ttft().meanMs() / 1000, x.ttft().p99Ms() / 1000,
                100 * x.cacheHitRate(), 100 * x.successRate());
    }

    /** Best measured row against Random, the blog's headline comparison (32.22 vs 11.81 req/s, 0.57 vs 2.15 s). */
    static String ratios(List<RowResult> rows) {
        Optional<RunReport> random = measured(rows, "Random");
        Optional<RowResult> best = rows.stream().filter(r -> r.report().isPresent())
                .max(java.util.Comparator.comparingDouble(r -> r.report().get().requestThroughput()));
        if (random.isEmpty() || best.isEmpty()) {
            return "";
        }
        RunReport b = best.get().report().get();
        RunReport rnd = random.get();
        return String.format(Locale.ROOT, "%nBest (%s) vs Random: throughput %.2f× (blog 2.73×), TTFT %+.1f%% "
                        + "(blog −73.5%%).%n", best.get().row().label(), b.requestThroughput() / rnd.requestThroughput(),
                100 * (b.ttft().meanMs() / rnd.ttft().meanMs() - 1));
    }

    private static Optional<RunReport> measured(List<RowResult> rows, String label) {
        return rows.stream().filter(r -> r.row().label().equals(label)).findFirst().flatMap(RowResult::report);
    }

    static String jsonLines(List<RowResult> results) {
        StringBuilder out = new StringBuilder();
        results.forEach(r -> r.report().ifPresent(x -> out.append(x.toJsonLine()).append('\n')));
        return out.toString();
    }

    static String svg(List<RowResult> results) {
        List<Bar> throughput = new ArrayList<>();
        List<Bar> ttft = new ArrayList<>();
        for (RowResult r : results) {
            if (r.report().isEmpty()) {
                continue;
            }
            String label = r.row().label() + (r.variant() == Variant.LONG ? " (4096)" : " (256)");
            throughput.add(new Bar(label, r.report().get().requestThroughput(), r.variant().ordinal()));
            ttft.add(new Bar(label, r.report().get().ttft().meanMs() / 1000, r.variant().ordinal()));
        }
        return BarChartSvg.render("Routing quality: 3 simulated vLLM replicas behind the router",
                List.of(new Panel("Throughput (higher is better)", "req/s", throughput),
                        new Panel("Mean TTFT (lower is better)", "s", ttft)));
    }
}
