package io.llmrouter.bench.overhead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.bench.load.LatencySummary;
import io.llmrouter.bench.load.RunReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverheadReportTest {

    /** A cell whose latency (TTFT for streams, E2E otherwise) has the given p50 and p99, at {@code rate} req/s over 10 s. */
    private static Cell cell(Workload w, Route route, double p50, double p99, double rate, double cpu) {
        return cell(w, 64, route, p50, p99, rate, cpu, Double.NaN);
    }

    private static Cell cell(Workload w, int clients, Route route, double p50, double p99, double rate, double cpu,
                             double allocated) {
        LatencySummary latency = new LatencySummary(100, p50, 0, p50, p99, p99, p99, p99);
        RunReport report = new RunReport("x", "fixed", Double.POSITIVE_INFINITY, 64, (int) (rate * 10), 0, 0, 0, 0, 10,
                1, latency, LatencySummary.EMPTY, LatencySummary.EMPTY, latency, List.of(), 1);
        return new Cell(w, clients, route, report, cpu, allocated, "wrk");
    }

    @Test
    void addedP99_routerAndNginx_differenceFromDirect() {
        Cell direct = cell(Workload.SMALL, Route.DIRECT, 1.0, 4.0, 1000, Double.NaN);
        Cell router = cell(Workload.SMALL, Route.ROUTER, 1.5, 6.0, 900, 2.0);
        assertEquals(0.5, OverheadReport.addedP50(router, direct), 1e-9);
        assertEquals(2.0, OverheadReport.addedP99(router, direct), 1e-9);
        // 2 CPU seconds over 9,000 requests
        assertEquals(0.222, router.cpuPerThousand(), 1e-3);
    }

    @Test
    void markdown_rowsCompareTheRouterWithTheBareStackAndNginx() {
        List<Cell> cells = List.of(cell(Workload.SMALL, 64, Route.DIRECT, 1.0, 4.0, 1000, Double.NaN, Double.NaN),
                cell(Workload.SMALL, 64, Route.ROUTER, 1.5, 6.0, 900, 2.0, 9000 * 40 * 1024.0),
                cell(Workload.SMALL, 64, Route.BARE, 1.2, 5.0, 950, 1.5, 9500 * 20 * 1024.0),
                cell(Workload.SMALL, 64, Route.NGINX, 1.4, 6.0, 1000, 1.0, Double.NaN));
        String md = OverheadReport.markdown(cells);
        // 900 / 950 = 0.95× the bare proxy, 0.90× nginx; 40 KB against 20 KB allocated per request
        assertTrue(md.contains("| small (E2E) | 64 | wrk | 1000 | 900 | 950 | 1000 | 0.95× | 0.90× |"), md);
        assertTrue(md.contains("| 40.0, 20.0 |"), md);
        assertTrue(md.contains("| small requests, 64 clients: router req/s ÷ bare Helidon req/s | 0.95 | ≥ 0.9 | yes |"), md);
        assertTrue(md.contains("| small requests, 64 clients: bytes allocated per request ÷ bare Helidon's | 2.00 | ≤ 2 | yes |"),
                md);
    }

    @Test
    void targets_missedOnesAreFlagged_missingRoutesDashed() {
        List<Cell> cells = List.of(cell(Workload.SMALL, 1, Route.DIRECT, 1.0, 4.0, 1000, Double.NaN, Double.NaN),
                cell(Workload.SMALL, 1, Route.ROUTER, 1.5, 6.0, 700, 2.0, Double.NaN),
                cell(Workload.SMALL, 1, Route.BARE, 1.2, 5.0, 950, 1.5, Double.NaN),
                cell(Workload.LARGE, 150, Route.DIRECT, 10.0, 40.0, 100, Double.NaN, Double.NaN),
                cell(Workload.LARGE, 150, Route.ROUTER, 40.0, 90.0, 90, 3.0, Double.NaN),
                cell(Workload.LARGE, 150, Route.BARE, 12.0, 50.0, 95, 0.5, Double.NaN),
                cell(Workload.LARGE, 150, Route.NGINX, 11.0, 45.0, 99, 0.2, Double.NaN));
        String md = OverheadReport.targets(cells);
        // p50 1.5 / 1.2 = 1.25 > 1.1
        assertTrue(md.contains("| small requests, 1 client: router p50 ÷ bare Helidon p50 | 1.25 | ≤ 1.1 | **no** |"), md);
        // added TTFT: router +30 ms, nginx +1 ms: 29 ms over nginx; CPU 3.0/900 against 0.5/950 per request
        assertTrue(md.contains("router added TTFT p50 − nginx added TTFT p50 (ms) | +29.00 | ≤ 10 | **no** |"), md);
        assertTrue(md.contains("| 220 KB prompts, 150 streams: router CPU per request ÷ bare Helidon + Jackson | 6.33 | ≤ 2 | **no** |"),
                md);
        // no 64-client small cells and no streaming cells
        assertTrue(md.contains("| small requests, 64 clients: router req/s ÷ bare Helidon req/s | – | ≥ 0.9 | – |"), md);
        assertTrue(md.contains("| streams, 512 clients: router req/s ÷ nginx req/s | – | ≥ 0.9 | – |"), md);
    }

    @Test
    void tenancyRows_addedOverThePlainRouter() {
        List<Cell> cells = List.of(cell(Workload.SMALL, Route.DIRECT, 1.0, 4.0, 1000, Double.NaN),
                cell(Workload.SMALL, Route.ROUTER, 1.5, 6.0, 900, 2.0),
                cell(Workload.SMALL, Route.ROUTER_API_KEY, 1.6, 6.5, 880, 2.1),
                cell(Workload.SMALL, Route.ROUTER_JWT, 1.9, 7.0, 800, 2.4));
        String md = OverheadReport.markdown(cells);
        // api key: +0.10 / +0.50 ms over the router; no local or Redis limit cells: dashes
        assertTrue(md.contains("| small (E2E) | 64 | 900, 0.22 | 880, +0.10 / +0.50, 0.24 | 800, +0.40 / +1.00, 0.30 | – | – |"),
                md);
        assertEquals("", OverheadReport.tenancy(cells.subList(0, 2)), "no tenancy cells, no table");
    }

    @Test
    void levels_largePrompts_alsoAt150Streams() {
        assertEquals(List.of(1, 64, 150, 512), OverheadMain.levels(Workload.LARGE, List.of(1, 64, 512)));
        assertEquals(List.of(1, 64, 512), OverheadMain.levels(Workload.SMALL, List.of(1, 64, 512)));
    }
}
