package io.llmrouter.bench.overhead;

import io.llmrouter.bench.harness.BarChartSvg;
import io.llmrouter.bench.harness.BarChartSvg.Bar;
import io.llmrouter.bench.harness.BarChartSvg.Panel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The overhead table: per workload and client count, each route's req/s, the router's throughput
 * against the bare Helidon proxy (its own stack's ceiling) and nginx, the latency each adds over
 * direct at p50 and p99, CPU and heap allocation per request; then the targets checked, each a
 * ratio of two routes measured side by side in this run.
 */
final class OverheadReport {

    static final double LARGE_PROMPT_ADDED_TTFT_MS = 10;

    private OverheadReport() {
    }

    static String markdown(List<Cell> cells) {
        StringBuilder md = new StringBuilder("| workload | clients | load client | direct req/s | router req/s "
                + "| bare Helidon req/s | nginx req/s | router ÷ bare | router ÷ nginx | direct p50 / p99 (ms) "
                + "| router added p50 / p99 (ms) | bare added p50 / p99 (ms) | nginx added p50 / p99 (ms) "
                + "| CPU ms / req: router, bare, nginx | KB allocated / req: router, bare "
                + "| router, access log off: req/s, CPU ms / req |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Workload w : Workload.values()) {
            for (int clients : clientsOf(cells, w)) {
                md.append(row(cells, w, clients));
            }
        }
        md.append('\n').append(largePromptTarget(cells));
        md.append('\n').append(targets(cells));
        md.append(tenancy(cells));
        return md.toString();
    }

    /** Issue 12's targets, each a ratio of two routes measured in this run ("–" where a route is missing). */
    static String targets(List<Cell> cells) {
        StringBuilder md = new StringBuilder("Targets (router against the stack it is built on, same run):\n\n"
                + "| measure | this run | target | met |\n|---|---|---|---|\n");
        Optional<Cell> smallRouter = find(cells, Workload.SMALL, 64, Route.ROUTER);
        Optional<Cell> smallBare = find(cells, Workload.SMALL, 64, Route.BARE);
        target(md, "small requests, 64 clients: router req/s ÷ bare Helidon req/s", ratio(smallRouter, smallBare,
                c -> c.report().requestThroughput()), ">=", 0.9, "%.2f");
        target(md, "small requests, 1 client: router p50 ÷ bare Helidon p50", ratio(find(cells, Workload.SMALL, 1,
                Route.ROUTER), find(cells, Workload.SMALL, 1, Route.BARE), c -> c.latency().medianMs()), "<=", 1.1, "%.2f");
        int largeClients = clientsOf(cells, Workload.LARGE).contains(64) ? 64
                : clientsOf(cells, Workload.LARGE).stream().findFirst().orElse(-1);
        target(md, "220 KB prompts" + (largeClients < 0 ? "" : ", " + largeClients + " streams") + ": router CPU per request ÷ bare Helidon + Jackson",
                ratio(find(cells, Workload.LARGE, largeClients, Route.ROUTER), find(cells, Workload.LARGE, largeClients,
                        Route.BARE), Cell::cpuPerThousand), "<=", 2, "%.2f");
        Optional<Cell> direct150 = find(cells, Workload.LARGE, 150, Route.DIRECT);
        Optional<Double> addedGap = direct150.flatMap(d -> find(cells, Workload.LARGE, 150, Route.ROUTER)
                .flatMap(r -> find(cells, Workload.LARGE, 150, Route.NGINX)
                        .map(n -> addedP50(r, d) - addedP50(n, d))));
        target(md, "220 KB prompts, 150 streams: router added TTFT p50 − nginx added TTFT p50 (ms)", addedGap, "<=",
                10, "%+.2f");
        target(md, "streams, 512 clients: router req/s ÷ nginx req/s", ratio(find(cells, Workload.STREAMING, 512,
                Route.ROUTER), find(cells, Workload.STREAMING, 512, Route.NGINX), c -> c.report().requestThroughput()),
                ">=", 0.9, "%.2f");
        target(md, "small requests, 64 clients: bytes allocated per request ÷ bare Helidon's", ratio(smallRouter, smallBare,
                Cell::allocatedPerRequest), "<=", 2, "%.2f");
        return md.toString();
    }

    private static Optional<Double> ratio(Optional<Cell> a, Optional<Cell> b, java.util.function.ToDoubleFunction<Cell> f) {
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        double ratio = f.applyAsDouble(a.get()) / f.applyAsDouble(b.get());
        return Double.isFinite(ratio) ? Optional.of(ratio) : Optional.empty();
    }

    private static void target(StringBuilder md, String measure, Optional<Double> value, String op, double bound,
                               String format) {
        String shown = value.map(v -> String.format(Locale.ROOT, format, v)).orElse("–");
        String met = value.map(v -> (op.equals(">=") ? v >= bound : v <= bound) ? "yes" : "**no**").orElse("–");
        md.append(String.format(Locale.ROOT, "| %s | %s | %s %s | %s |%n", measure, shown, op.equals(">=") ? "≥" : "≤",
                java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString(), met));
    }

    private static final List<Route> TENANCY = List.of(Route.ROUTER_API_KEY, Route.ROUTER_JWT, Route.ROUTER_LOCAL_LIMIT,
            Route.ROUTER_REDIS_LIMIT);

    /**
     * What authentication and token limits add to the plain router: req/s, added p50 / p99 over the
     * plain router (not over direct), and CPU per 1,000 requests of that router process.
     */
    static String tenancy(List<Cell> cells) {
        if (cells.stream().noneMatch(c -> TENANCY.contains(c.route()))) {
            return "";
        }
        StringBuilder md = new StringBuilder("\nTenancy at the door (a second router, auth required; limits far above"
                + " the load): req/s, added p50 / p99 over the plain router (ms), CPU s / 1k req\n\n"
                + "| workload | clients | router | router+api-key | router+jwt | router+api-key+local-limit"
                + " | router+api-key+redis-limit |\n|---|---|---|---|---|---|---|\n");
        for (Workload w : Workload.values()) {
            for (int clients : clientsOf(cells, w)) {
                Optional<Cell> plain = find(cells, w, clients, Route.ROUTER);
                if (plain.isEmpty()) {
                    continue;
                }
                md.append(String.format(Locale.ROOT, "| %s (%s) | %d | %.0f, %.2f |", w.name().toLowerCase(),
                        w.latencyName(), clients, plain.get().report().requestThroughput(), plain.get().cpuPerThousand()));
                for (Route r : TENANCY) {
                    md.append(find(cells, w, clients, r).map(c -> String.format(Locale.ROOT, " %.0f, %+.2f / %+.2f, %.2f |",
                            c.report().requestThroughput(), c.latency().medianMs() - plain.get().latency().medianMs(),
                            c.latency().p99Ms() - plain.get().latency().p99Ms(), c.cpuPerThousand())).orElse(" – |"));
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    private static String row(List<Cell> cells, Workload w, int clients) {
        Cell direct = find(cells, w, clients, Route.DIRECT).orElseThrow();
        Optional<Cell> router = find(cells, w, clients, Route.ROUTER);
        Optional<Cell> bare = find(cells, w, clients, Route.BARE);
        Optional<Cell> nginx = find(cells, w, clients, Route.NGINX);
        Optional<Cell> quiet = find(cells, w, clients, Route.ROUTER_QUIET);
        return String.format(Locale.ROOT, "| %s (%s) | %d | %s | %.0f | %s | %s | %s | %s | %s | %.2f / %.2f | %s | %s | %s "
                        + "| %s, %s, %s | %s, %s | %s, %s |%n",
                w.name().toLowerCase(), w.latencyName(), clients, direct.client(), direct.report().requestThroughput(),
                rate(router), rate(bare), rate(nginx), times(ratio(router, bare, c -> c.report().requestThroughput())),
                times(ratio(router, nginx, c -> c.report().requestThroughput())), direct.latency().medianMs(),
                direct.latency().p99Ms(), added(router, direct), added(bare, direct), added(nginx, direct),
                cpu(router), cpu(bare), cpu(nginx), kb(router), kb(bare), rate(quiet), cpu(quiet));
    }

    private static String times(Optional<Double> ratio) {
        return ratio.map(r -> String.format(Locale.ROOT, "%.2f×", r)).orElse("–");
    }

    private static String kb(Optional<Cell> cell) {
        return cell.filter(c -> Double.isFinite(c.allocatedPerRequest()))
                .map(c -> String.format(Locale.ROOT, "%.1f", c.allocatedPerRequest() / 1024)).orElse("–");
    }

    private static String rate(Optional<Cell> cell) {
        return cell.map(c -> String.format(Locale.ROOT, "%.0f", c.report().requestThroughput())).orElse("–");
    }

    private static String added(Optional<Cell> cell, Cell direct) {
        return cell.map(c -> String.format(Locale.ROOT, "%+.2f / %+.2f", addedP50(c, direct), addedP99(c, direct)))
                .orElse("–");
    }

    static double addedP50(Cell cell, Cell direct) {
        return cell.latency().medianMs() - direct.latency().medianMs();
    }

    static double addedP99(Cell cell, Cell direct) {
        return cell.latency().p99Ms() - direct.latency().p99Ms();
    }

    /** CPU milliseconds per request (the same number as seconds per 1,000 requests). */
    private static String cpu(Optional<Cell> cell) {
        return cell.filter(c -> Double.isFinite(c.cpuPerThousand()))
                .map(c -> String.format(Locale.ROOT, "%.3f", c.cpuPerThousand())).orElse("–");
    }

    private static String largePromptTarget(List<Cell> cells) {
        Optional<Cell> direct = find(cells, Workload.LARGE, 150, Route.DIRECT);
        Optional<Cell> router = find(cells, Workload.LARGE, 150, Route.ROUTER);
        if (direct.isEmpty() || router.isEmpty()) {
            return "";
        }
        double p50 = addedP50(router.get(), direct.get());
        double mean = router.get().latency().meanMs() - direct.get().latency().meanMs();
        return String.format(Locale.ROOT, "220 KB prompts at 150 concurrent streams: router added TTFT p50 %+.2f ms, "
                + "mean %+.2f ms (target < %.0f ms: %s; the Gateway API inference extension adds about 1.1 s there).%n",
                p50, mean, LARGE_PROMPT_ADDED_TTFT_MS, p50 < LARGE_PROMPT_ADDED_TTFT_MS ? "met" : "**not met**");
    }

    static List<Integer> clientsOf(List<Cell> cells, Workload w) {
        return cells.stream().filter(c -> c.workload() == w).map(Cell::clients).distinct().sorted().toList();
    }

    static Optional<Cell> find(List<Cell> cells, Workload w, int clients, Route route) {
        return cells.stream().filter(c -> c.workload() == w && c.clients() == clients && c.route() == route).findFirst();
    }

    static String jsonLines(List<Cell> cells) {
        StringBuilder out = new StringBuilder();
        cells.forEach(c -> out.append(c.report().toJsonLine().replaceFirst("\\}$",
                String.format(Locale.ROOT, ",\"route\":\"%s\",\"clients\":%d,\"load_client\":\"%s\","
                        + "\"proxy_cpu_seconds\":%s,\"proxy_allocated_bytes\":%s}", c.route().label, c.clients(),
                        c.client(), number(c.cpuSeconds(), "%.3f"), number(c.allocatedBytes(), "%.0f")))).append('\n'));
        return out.toString();
    }

    private static String number(double value, String format) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "null";
    }

    static String svg(List<Cell> cells) {
        List<Bar> rates = new ArrayList<>();
        List<Bar> addedP99 = new ArrayList<>();
        for (Cell c : cells) {
            String label = c.workload().name().toLowerCase() + " ×" + c.clients() + " " + c.route().label;
            rates.add(new Bar(label, c.report().requestThroughput(), c.route().ordinal()));
            if (c.route() != Route.DIRECT) {
                Cell direct = find(cells, c.workload(), c.clients(), Route.DIRECT).orElseThrow();
                addedP99.add(new Bar(label, Math.max(0, addedP99(c, direct)), c.route().ordinal()));
            }
        }
        return BarChartSvg.render("Proxy overhead against a zero-latency simulated engine",
                List.of(new Panel("Throughput (req/s)", "req/s", rates),
                        new Panel("Added p99 latency vs direct (E2E or TTFT; negatives shown as 0)", "ms", addedP99)));
    }
}
