package io.llmrouter.bench.overhead;

import io.llmrouter.bench.harness.Manifests;
import io.llmrouter.bench.harness.NginxProcess;
import io.llmrouter.bench.harness.RouterProcess;
import io.llmrouter.bench.load.LoadOptions;
import io.llmrouter.bench.load.LoadRunner;
import io.llmrouter.bench.load.RunReport;
import io.llmrouter.bench.load.Target;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The same closed-loop load through each route in turn, cell by cell (workload × clients), against
 * one zero-latency simulated vLLM ({@code instant} profile): the router (default plugins) and
 * nginx run as separate processes. Routes alternate within each cell so machine noise spreads
 * over all three instead of landing on one.
 */
final class OverheadRun implements AutoCloseable {

    private static final String MODEL = EngineOptions.DEFAULT_MODEL;

    private final SimulatedEngine engine;
    private final RouterProcess router;
    private final Optional<NginxProcess> nginx;
    private final Duration cellDuration;
    private Optional<TenancyRouter> tenancy = Optional.empty();

    private OverheadRun(SimulatedEngine engine, RouterProcess router, Optional<NginxProcess> nginx, Duration cellDuration) {
        this.engine = engine;
        this.router = router;
        this.nginx = nginx;
        this.cellDuration = cellDuration;
    }

    static OverheadRun start(String routerClasspath, Optional<java.nio.file.Path> nginxBinary, Path workDir,
                             Duration cellDuration) throws IOException, InterruptedException {
        SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().engine(EngineKind.VLLM).model(MODEL)
                .port(0).profile("instant").seed(42).recordedLimit(0).build());
        try {
            List<URI> upstream = List.of(engine.baseUri());
            RouterProcess router = RouterProcess.start(routerClasspath, workDir.resolve("router"),
                    Manifests.singleModel(MODEL, upstream), "");
            Optional<NginxProcess> nginx = Optional.empty();
            if (nginxBinary.isPresent()) {
                nginx = Optional.of(NginxProcess.start(nginxBinary.get(), workDir.resolve("nginx"), upstream));
            }
            return new OverheadRun(engine, router, nginx, cellDuration);
        } catch (IOException | InterruptedException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** Adds the tenancy rows: a second router with API keys, JWT and token limits on. */
    void withTenancy(String routerClasspath, Path dir) throws IOException, InterruptedException {
        tenancy = Optional.of(TenancyRouter.start(routerClasspath, dir, MODEL, engine.baseUri()));
    }

    /** Every route at {@code clients} for one workload; nginx is left out when it is not installed. */
    List<Cell> measure(Workload workload, int clients) throws InterruptedException {
        List<Cell> cells = new ArrayList<>();
        cells.add(cell(workload, clients, Route.DIRECT, engine.baseUri(), () -> Double.NaN));
        cells.add(cell(workload, clients, Route.ROUTER, router.baseUri(), router::cpuSeconds));
        if (nginx.isPresent()) {
            cells.add(cell(workload, clients, Route.NGINX, nginx.get().baseUri(), nginx.get()::cpuSeconds));
        }
        if (tenancy.isPresent()) {
            for (Route route : tenancyRoutes()) {
                cells.add(cell(workload, clients, route, tenancy.get().router.baseUri(), tenancy.get().router::cpuSeconds));
            }
        }
        return cells;
    }

    /** A short unmeasured run per route, so JIT compilation and connection set-up are not measured. */
    void warmUp(Duration each, List<Workload> workloads) throws InterruptedException {
        for (Workload workload : workloads) {
            measureFor(workload, 16, Route.DIRECT, engine.baseUri(), each);
            measureFor(workload, 16, Route.ROUTER, router.baseUri(), each);
            if (nginx.isPresent()) {
                measureFor(workload, 16, Route.NGINX, nginx.get().baseUri(), each);
            }
            for (Route route : tenancyRoutes()) {
                measureFor(workload, 16, route, tenancy.get().router.baseUri(), each);
            }
        }
    }

    private List<Route> tenancyRoutes() {
        if (tenancy.isEmpty()) {
            return List.of();
        }
        return tenancy.get().hasRedis() ? List.of(Route.ROUTER_API_KEY, Route.ROUTER_JWT, Route.ROUTER_LOCAL_LIMIT,
                Route.ROUTER_REDIS_LIMIT) : List.of(Route.ROUTER_API_KEY, Route.ROUTER_JWT, Route.ROUTER_LOCAL_LIMIT);
    }

    private Cell cell(Workload workload, int clients, Route route, URI base, DoubleSupplier cpu)
            throws InterruptedException {
        double before = cpu.getAsDouble();
        RunReport report = measureFor(workload, clients, route, base, cellDuration);
        double used = cpu.getAsDouble() - before;
        System.err.printf(java.util.Locale.ROOT, "%-8s %-10s %4d clients: %8.1f req/s, %s p50 %.2f ms, p99 %.2f ms%s%n",
                route.label, workload.name().toLowerCase(), clients, report.requestThroughput(), workload.latencyName(),
                (workload.stream ? report.ttft() : report.e2e()).medianMs(),
                (workload.stream ? report.ttft() : report.e2e()).p99Ms(),
                report.failed() > 0 ? ", " + report.failed() + " failed: " + report.sampleErrors() : "");
        return new Cell(workload, clients, route, report, used);
    }

    private RunReport measureFor(Workload workload, int clients, Route route, URI base, Duration duration)
            throws InterruptedException {
        Target target = switch (route) {
            case DIRECT, ROUTER, NGINX -> new Target(base, MODEL, false, workload.stream);
            case ROUTER_API_KEY -> new Target(base, MODEL, false, workload.stream).withHeader("x-api-key",
                    TenancyRouter.API_KEY);
            case ROUTER_JWT -> new Target(base, MODEL, false, workload.stream).withHeader("Authorization",
                    "Bearer " + tenancy.orElseThrow().jwt);
            case ROUTER_LOCAL_LIMIT -> new Target(base, TenancyRouter.LOCAL_MODEL, false, workload.stream)
                    .withHeader("x-api-key", TenancyRouter.API_KEY);
            case ROUTER_REDIS_LIMIT -> new Target(base, TenancyRouter.REDIS_MODEL, false, workload.stream)
                    .withHeader("x-api-key", TenancyRouter.API_KEY);
        };
        return new LoadRunner(target, LoadOptions.closedLoop(clients, duration))
                .run(route.label + " " + workload.name().toLowerCase() + " " + clients, "fixed", workload.requests());
    }

    boolean hasNginx() {
        return nginx.isPresent();
    }

    @Override
    public void close() {
        tenancy.ifPresent(TenancyRouter::close);
        nginx.ifPresent(NginxProcess::close);
        router.close();
        engine.close();
    }
}
