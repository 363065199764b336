package io.llmrouter.bench.overhead;

import io.llmrouter.bench.load.LatencySummary;
import io.llmrouter.bench.load.RunReport;

/**
 * One measurement: a workload at a number of clients through one route.
 *
 * @param cpuSeconds     CPU the proxy process used during the cell (NaN for direct)
 * @param allocatedBytes heap bytes the proxy JVM allocated during the cell (NaN for direct and nginx)
 * @param client         the load client: {@code wrk} or {@code java}
 */
record Cell(Workload workload, int clients, Route route, RunReport report, double cpuSeconds, double allocatedBytes,
            String client) {

    LatencySummary latency() {
        return workload.stream ? report.ttft() : report.e2e();
    }

    /** Proxy CPU seconds per 1,000 completed requests. */
    double cpuPerThousand() {
        return report.completed() > 0 ? 1000 * cpuSeconds / report.completed() : Double.NaN;
    }

    /** Proxy heap bytes allocated per completed request. */
    double allocatedPerRequest() {
        return report.completed() > 0 ? allocatedBytes / report.completed() : Double.NaN;
    }
}
