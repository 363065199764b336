package io.llmrouter.bench.routing;

import io.llmrouter.bench.harness.BarChartSvg;
import io.llmrouter.bench.harness.BarChartSvg.Bar;
import io.llmrouter.bench.harness.BarChartSvg.Panel;
import io.llmrouter.bench.scenario.ClientLoop;
import io.llmrouter.bench.scenario.Workload;
import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.Profiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code bin/bench routing --virtual}: every row of every workload in virtual time, through the
 * closed-loop client driver ({@link ClientLoop}): the plugins in process, no HTTP, seconds of wall
 * time, the same numbers for the same seed. The client is bench_serving's: Poisson arrivals at the
 * rate, at most max-concurrency requests in flight, TTFT and latency from the moment a request is
 * sent. One table per workload; with the blog's workloads, the blog's numbers beside each row.
 */
final class VirtualRouting {

    static final List<String> WORKLOADS = List.of("blog", "skewed", "chat", "lora");
    /** Not in the default list: the open-loop eviction-pressure table of the kvcache-aware section ({@link KvEviction}). */
    static final String EVICTION = "eviction";

    /** One workload's rows. */
    record Table(String key, String title, Optional<Variant> blogVariant, ClientLoop.Config config,
                 List<RoutingRow> rows, List<ClientLoop.Result> results) {
    }

    private VirtualRouting() {
    }

    static Profile profile(String name, RoutingScale scale) {
        return name.equals(BlogProfile.NAME) ? BlogProfile.of(BlogProfile.FULL_KV_BLOCKS / scale.divisor())
                : Profiles.named(name).withNumGpuBlocks(scale.kvBlocks());
    }

    static List<Table> run(RoutingScale scale, String profileName, List<String> workloads, List<Variant> variants,
                           long seed) {
        Profile profile = profile(profileName, scale);
        ClientLoop.Config config = new ClientLoop.Config(profile, 3, 1, scale.maxConcurrency(), scale.requestRate(), seed);
        List<Table> tables = new ArrayList<>();
        for (String w : workloads) {
            switch (w) {
                case "blog" -> {
                    for (Variant v : variants) {
                        tables.add(table("blog-" + v.name().toLowerCase(), RoutingWorkloads.blog(scale, v, seed),
                                Optional.of(v), config, RoutingRow.blogTable()));
                    }
                }
                case "skewed" -> tables.add(table("skewed", RoutingWorkloads.skewed(scale, seed), Optional.empty(), config,
                        RoutingRow.hardTable(false)));
                case "chat" -> tables.add(table("chat", RoutingWorkloads.chat(scale, seed), Optional.empty(), config,
                        RoutingRow.hardTable(false)));
                case "lora" -> tables.add(table("lora", RoutingWorkloads.lora(scale, seed), Optional.empty(),
                        new ClientLoop.Config(profile, 3, RoutingWorkloads.MAX_LORAS, scale.maxConcurrency(),
                                scale.requestRate(), seed), RoutingRow.hardTable(true)));
                case EVICTION -> {
                    // printed by RoutingMain (its own table shape, open loop)
                }
                default -> throw new IllegalArgumentException("unknown workload '" + w + "' (allowed: " + WORKLOADS + ")");
            }
        }
        return tables;
    }

    private static Table table(String key, Workload workload, Optional<Variant> variant, ClientLoop.Config config,
                               List<RoutingRow> rows) {
        List<ClientLoop.Result> results = new ArrayList<>();
        for (RoutingRow row : rows) {
            long started = System.nanoTime();
            results.add(ClientLoop.run(config, workload, row.set()));
            System.err.printf(Locale.ROOT, "%s | %s: %.1f s%n", key, row.label(), (System.nanoTime() - started) / 1e9);
        }
        return new Table(key, workload.name() + ", " + workload.requests() + " requests", variant, config, rows, results);
    }

    static String markdown(List<Table> tables, RoutingScale scale, String profileName) {
        ClientLoop.Config c = tables.getFirst().config();
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "Virtual time, closed loop (bench_serving):"
                        + " Poisson arrivals at %.0f req/s, at most %d requests in flight (blog 800, 300), TTFT and latency"
                        + " from the moment a request is sent. Profile %s, %,d KV blocks per replica (%,d tokens), 3"
                        + " replicas, output %d tokens (blog 256), seed %d. Blog numbers are the full-scale blog's"
                        + " (256 groups × 32, divisor 1); `error` is this row against them.%n%n", c.requestRate(),
                c.maxConcurrency(), profileName, c.profile().numGpuBlocks(), c.profile().capacityTokens(), scale.outputLen(),
                c.seed()));
        for (Table t : tables) {
            md.append("**").append(t.title()).append("**\n\n");
            boolean blog = t.blogVariant().isPresent();
            md.append("| Plugin Combination | Throughput (req/s) | Latency (s) | TTFT (s) |")
                    .append(blog ? " blog (req/s) | error | blog latency / TTFT (s) | error |" : "")
                    .append(" p99 TTFT (s) | prefix hit | success | replicas per group |")
                    .append(t.key().equals("lora") ? " adapter loads |" : "").append('\n')
                    .append("|---|---|---|---|").append(blog ? "---|---|---|---|" : "").append("---|---|---|---|")
                    .append(t.key().equals("lora") ? "---|" : "").append('\n');
            for (int i = 0; i < t.rows().size(); i++) {
                md.append(row(t, t.rows().get(i), t.results().get(i))).append('\n');
            }
            md.append('\n').append(ratioLine(t)).append("\n\n");
        }
        return md.toString();
    }

    private static String row(Table t, RoutingRow row, ClientLoop.Result r) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |", row.label(),
                r.requestsPerSecond(), r.meanLatencyMs() / 1000, r.meanTtftMs() / 1000));
        if (t.blogVariant().isPresent()) {
            Optional<BlogNumbers> b = BlogNumbers.of(t.blogVariant().get(), row.blogRow());
            if (b.isEmpty()) {
                s.append(" – | – | – | – |");
            } else {
                BlogNumbers n = b.get();
                s.append(String.format(Locale.ROOT, " %.2f | %s | %s | %s |", n.requestsPerSecond(),
                        error(r.requestsPerSecond(), n.requestsPerSecond()),
                        Double.isNaN(n.latencySeconds()) ? "–" : String.format(Locale.ROOT, "%.2f / %.2f",
                                n.latencySeconds(), n.ttftSeconds()),
                        Double.isNaN(n.latencySeconds()) ? "–" : error(r.meanLatencyMs() / 1000, n.latencySeconds())
                                + " / " + error(r.meanTtftMs() / 1000, n.ttftSeconds())));
            }
        }
        s.append(String.format(Locale.ROOT, " %.2f | %.1f%% | %.1f%% | %.2f |", r.p99TtftMs() / 1000,
                100 * r.prefixHitRate(), 100 * r.successRate(), r.replicasPerGroup()));
        if (t.key().equals("lora")) {
            s.append(' ').append(r.loraLoads()).append(" |");
        }
        return s.toString();
    }

    private static String error(double measured, double blog) {
        return String.format(Locale.ROOT, "%+.0f%%", 100 * (measured / blog - 1));
    }

    /** {@code best/random R, best/oracle O, best/kthena K}: best = the best of this router's rows. */
    static String ratioLine(Table t) {
        double best = best(t, RoutingRow.Kind.ROUTER);
        String bestLabel = bestLabel(t, RoutingRow.Kind.ROUTER);
        return String.format(Locale.ROOT, "%s: best/random %.2f, best/oracle %.2f, best/kthena %.2f (best: %s; kthena: "
                        + "the better Kthena-faithful row)", t.key(), best / best(t, RoutingRow.Kind.BASELINE),
                best / best(t, RoutingRow.Kind.ORACLE), best / best(t, RoutingRow.Kind.KTHENA), bestLabel);
    }

    static double best(Table t, RoutingRow.Kind kind) {
        double best = 0;
        for (int i = 0; i < t.rows().size(); i++) {
            if (t.rows().get(i).kind() == kind) {
                best = Math.max(best, t.results().get(i).requestsPerSecond());
            }
        }
        return best;
    }

    private static String bestLabel(Table t, RoutingRow.Kind kind) {
        int best = -1;
        for (int i = 0; i < t.rows().size(); i++) {
            if (t.rows().get(i).kind() == kind && (best < 0
                    || t.results().get(i).requestsPerSecond() > t.results().get(best).requestsPerSecond())) {
                best = i;
            }
        }
        return best < 0 ? "–" : t.rows().get(best).label();
    }

    static String jsonLines(List<Table> tables) {
        StringBuilder out = new StringBuilder();
        for (Table t : tables) {
            for (int i = 0; i < t.rows().size(); i++) {
                RoutingRow row = t.rows().get(i);
                ClientLoop.Result r = t.results().get(i);
                Optional<BlogNumbers> b = t.blogVariant().flatMap(v -> BlogNumbers.of(v, row.blogRow()));
                out.append(String.format(Locale.ROOT, "{\"workload\":\"%s\",\"row\":\"%s\",\"kind\":\"%s\",\"completed\":%d,"
                                + "\"requests\":%d,\"duration_s\":%.3f,\"request_throughput\":%.4f,\"mean_e2e_latency_ms\":%.1f,"
                                + "\"mean_ttft_ms\":%.1f,\"p99_ttft_ms\":%.1f,\"prefix_hit_rate\":%.4f,\"success_rate\":%.4f,"
                                + "\"replicas_per_group\":%.3f,\"preemptions\":%d,\"lora_loads\":%d%s}%n", t.key(), row.label(),
                        row.kind(), r.completed(), r.requests(), r.durationSeconds(), r.requestsPerSecond(),
                        r.meanLatencyMs(), r.meanTtftMs(), r.p99TtftMs(), r.prefixHitRate(), r.successRate(),
                        r.replicasPerGroup(), r.preemptions(), r.loraLoads(),
                        b.map(n -> String.format(Locale.ROOT, ",\"blog_request_throughput\":%.2f", n.requestsPerSecond()))
                                .orElse("")));
            }
        }
        return out.toString();
    }

    static String svg(Table t) {
        List<Bar> throughput = new ArrayList<>();
        List<Bar> ttft = new ArrayList<>();
        for (int i = 0; i < t.rows().size(); i++) {
            RoutingRow row = t.rows().get(i);
            ClientLoop.Result r = t.results().get(i);
            throughput.add(new Bar(row.label(), r.requestsPerSecond(), row.kind().ordinal()));
            ttft.add(new Bar(row.label(), r.meanTtftMs() / 1000, row.kind().ordinal()));
        }
        return BarChartSvg.render("Routing, virtual time: " + t.title(),
                List.of(new Panel("Throughput (higher is better)", "req/s", throughput),
                        new Panel("Mean TTFT from send (lower is better)", "s", ttft)));
    }
}
