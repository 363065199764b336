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
        LatencySummary latency = new LatencySummary(100, p50, 0, p50, p99, p99, p99, p99);
        RunReport report = new RunReport("x", "fixed", Double.POSITIVE_INFINITY, 64, (int) (rate * 10), 0, 0, 0, 0, 10,
                1, latency, LatencySummary.EMPTY, LatencySummary.EMPTY, latency, List.of(), 1);
        return new Cell(w, 64, route, report, cpu);
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
    void markdown_routerWithinTargets_yesWithRatios() {
        List<Cell> cells = List.of(cell(Workload.SMALL, Route.DIRECT, 1.0, 4.0, 1000, Double.NaN),
                cell(Workload.SMALL, Route.ROUTER, 1.5, 6.0, 900, 2.0),
                cell(Workload.SMALL, Route.NGINX, 1.4, 6.0, 1000, 1.0));
        String md = OverheadReport.markdown(cells);
        // added p99 2.0 vs 2.0 ms = 1.00×; throughput 900 / 1000 = 0.90×
        assertTrue(md.contains("| yes (1.00×) | yes (0.90×) |"), md);
    }

    @Test
    void markdown_routerSlowerThanTargets_flaggedNo() {
        List<Cell> cells = List.of(cell(Workload.SMALL, Route.DIRECT, 1.0, 4.0, 1000, Double.NaN),
                cell(Workload.SMALL, Route.ROUTER, 3.0, 10.0, 700, 2.0),
                cell(Workload.SMALL, Route.NGINX, 1.4, 6.0, 1000, 1.0));
        String md = OverheadReport.markdown(cells);
        // added p99 6.0 vs 2.0 ms = 3.00×; throughput 0.70×
        assertTrue(md.contains("| **no** (3.00×) | **no** (0.70×) |"), md);
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
