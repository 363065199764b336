package io.llmrouter.bench.overhead;

import io.llmrouter.bench.harness.FreePorts;
import io.llmrouter.bench.harness.JvmAllocation;
import io.llmrouter.bench.harness.Manifests;
import io.llmrouter.bench.harness.NginxProcess;
import io.llmrouter.bench.harness.RouterProcess;
import io.llmrouter.bench.harness.Wrk;
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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The same closed-loop load through each route in turn, cell by cell (workload × clients), against
 * one zero-latency simulated vLLM ({@code instant} profile): the router (default plugins, and a
 * second one with its access log off), the bare Helidon proxy and nginx run as separate processes.
 * Routes alternate within each cell so machine noise spreads over all of them instead of landing
 * on one. Plain answers are driven by wrk where it is installed (its CPU per request is a fraction
 * of the Java client's, which would otherwise take the cores from the process under test); streams
 * by the Java client, which times the first token.
 */
final class OverheadRun implements AutoCloseable {

    private static final String MODEL = EngineOptions.DEFAULT_MODEL;

    private final SimulatedEngine engine;
    private final RouterProcess router;
    private final RouterProcess quietRouter;
    private final RouterProcess bare;
    private final Optional<NginxProcess> nginx;
    private final Duration cellDuration;
    private final Optional<Wrk> wrk;
    /** Per JVM route: the pid whose allocation is read. */
    private final Map<Route, Long> jvms = new EnumMap<>(Route.class);
    private final Optional<JvmAllocation> allocation;
    private Optional<TenancyRouter> tenancy = Optional.empty();

    private OverheadRun(SimulatedEngine engine, RouterProcess router, RouterProcess quietRouter, RouterProcess bare,
                        Optional<NginxProcess> nginx, Duration cellDuration, Optional<Wrk> wrk) {
        this.engine = engine;
        this.router = router;
        this.quietRouter = quietRouter;
        this.bare = bare;
        this.nginx = nginx;
        this.cellDuration = cellDuration;
        this.wrk = wrk;
        jvms.put(Route.ROUTER, router.pid());
        jvms.put(Route.ROUTER_QUIET, quietRouter.pid());
        jvms.put(Route.BARE, bare.pid());
        Optional<JvmAllocation> probe;
        try {
            probe = Optional.of(JvmAllocation.startProbe());
        } catch (IOException e) {
            System.err.println("bench overhead: no allocation figures: " + e.getMessage());
            probe = Optional.empty();
        }
        this.allocation = probe;
    }

    /** Bytes the JVM behind {@code route} has allocated so far; NaN for direct and nginx. */
    private double allocated(Route route) {
        Long pid = jvms.get(tenancyRoutes().contains(route) ? Route.ROUTER_API_KEY : route);
        return pid == null || allocation.isEmpty() ? Double.NaN : allocation.get().totalBytes(pid);
    }

    static OverheadRun start(String routerClasspath, Optional<java.nio.file.Path> nginxBinary, Path workDir,
                             Duration cellDuration) throws IOException, InterruptedException {
        SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().engine(EngineKind.VLLM).model(MODEL)
                .port(0).profile("instant").seed(42).recordedLimit(0).build());
        try {
            List<URI> upstream = List.of(engine.baseUri());
            RouterProcess router = RouterProcess.start(routerClasspath, workDir.resolve("router"),
                    Manifests.singleModel(MODEL, upstream), "");
            RouterProcess quiet = RouterProcess.start(routerClasspath, workDir.resolve("router-quiet"),
                    Manifests.singleModel(MODEL, upstream), "accessLog:\n  enabled: false\n");
            int barePort = FreePorts.next();
            RouterProcess bare = RouterProcess.startMain(System.getProperty("java.class.path"),
                    java.nio.file.Files.createDirectories(workDir.resolve("bare")).resolve("bare.log"), barePort,
                    BareHelidonProxy.class.getName(), List.of(Integer.toString(barePort), engine.baseUri().toString()));
            Optional<NginxProcess> nginx = Optional.empty();
            if (nginxBinary.isPresent()) {
                nginx = Optional.of(NginxProcess.start(nginxBinary.get(), workDir.resolve("nginx"), upstream));
            }
            Optional<Wrk> wrk = Wrk.find();
            if (wrk.isEmpty()) {
                System.err.println("bench overhead: wrk not found (apt-get install -y wrk); plain answers use the Java"
                        + " client, which takes CPU from the process under test");
            }
            return new OverheadRun(engine, router, quiet, bare, nginx, cellDuration, wrk);
        } catch (IOException | InterruptedException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** Adds the tenancy rows: a second router with API keys, JWT and token limits on. */
    void withTenancy(String routerClasspath, Path dir) throws IOException, InterruptedException {
        tenancy = Optional.of(TenancyRouter.start(routerClasspath, dir, MODEL, engine.baseUri()));
        jvms.put(Route.ROUTER_API_KEY, tenancy.get().router.pid());
    }

    /** Every route at {@code clients} for one workload; nginx is left out when it is not installed. */
    List<Cell> measure(Workload workload, int clients) throws InterruptedException {
        List<Cell> cells = new ArrayList<>();
        for (Map.Entry<Route, Proxy> route : routes().entrySet()) {
            cells.add(cell(workload, clients, route.getKey(), route.getValue()));
        }
        return cells;
    }

    /** A route's address and CPU counter. */
    private record Proxy(URI base, DoubleSupplier cpu) {
    }

    /** Every route of this run, in the order measured. */
    private Map<Route, Proxy> routes() {
        Map<Route, Proxy> routes = new LinkedHashMap<>();
        routes.put(Route.DIRECT, new Proxy(engine.baseUri(), () -> Double.NaN));
        routes.put(Route.ROUTER, new Proxy(router.baseUri(), router::cpuSeconds));
        routes.put(Route.BARE, new Proxy(bare.baseUri(), bare::cpuSeconds));
        nginx.ifPresent(n -> routes.put(Route.NGINX, new Proxy(n.baseUri(), n::cpuSeconds)));
        routes.put(Route.ROUTER_QUIET, new Proxy(quietRouter.baseUri(), quietRouter::cpuSeconds));
        for (Route route : tenancyRoutes()) {
            routes.put(route, new Proxy(tenancy.get().router.baseUri(), tenancy.get().router::cpuSeconds));
        }
        return routes;
    }

    /** A short unmeasured run per route, so JIT compilation and connection set-up are not measured. */
    void warmUp(Duration each, List<Workload> workloads) throws InterruptedException {
        for (Workload workload : workloads) {
            for (Map.Entry<Route, Proxy> route : routes().entrySet()) {
                measureFor(workload, 16, route.getKey(), route.getValue().base(), each);
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

    private Cell cell(Workload workload, int clients, Route route, Proxy proxy) throws InterruptedException {
        double allocatedBefore = allocated(route);
        double before = proxy.cpu().getAsDouble();
        RunReport report = measureFor(workload, clients, route, proxy.base(), cellDuration);
        double used = proxy.cpu().getAsDouble() - before;
        double allocated = allocated(route) - allocatedBefore;
        System.err.printf(java.util.Locale.ROOT, "%-8s %-10s %4d clients: %8.1f req/s, %s p50 %.2f ms, p99 %.2f ms%s%n",
                route.label, workload.name().toLowerCase(), clients, report.requestThroughput(), workload.latencyName(),
                (workload.stream ? report.ttft() : report.e2e()).medianMs(),
                (workload.stream ? report.ttft() : report.e2e()).p99Ms(),
                report.failed() > 0 ? ", " + report.failed() + " failed: " + report.sampleErrors() : "");
        return new Cell(workload, clients, route, report, used, allocated, usesWrk(workload) ? "wrk" : "java");
    }

    private boolean usesWrk(Workload workload) {
        return wrk.isPresent() && !workload.stream;
    }

    private RunReport measureFor(Workload workload, int clients, Route route, URI base, Duration duration)
            throws InterruptedException {
        Target target = switch (route) {
            case DIRECT, ROUTER, ROUTER_QUIET, BARE, NGINX -> new Target(base, MODEL, false, workload.stream);
            case ROUTER_API_KEY -> new Target(base, MODEL, false, workload.stream).withHeader("x-api-key",
                    TenancyRouter.API_KEY);
            case ROUTER_JWT -> new Target(base, MODEL, false, workload.stream).withHeader("Authorization",
                    "Bearer " + tenancy.orElseThrow().jwt);
            case ROUTER_LOCAL_LIMIT -> new Target(base, TenancyRouter.LOCAL_MODEL, false, workload.stream)
                    .withHeader("x-api-key", TenancyRouter.API_KEY);
            case ROUTER_REDIS_LIMIT -> new Target(base, TenancyRouter.REDIS_MODEL, false, workload.stream)
                    .withHeader("x-api-key", TenancyRouter.API_KEY);
        };
        String label = route.label + " " + workload.name().toLowerCase() + " " + clients;
        if (usesWrk(workload)) {
            try {
                return wrk.get().run(label, target.baseUrl().resolve(target.path()), target.body(workload.requests().get(0)),
                        target.headers(), clients, duration);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return new LoadRunner(target, LoadOptions.closedLoop(clients, duration)).run(label, "fixed", workload.requests());
    }

    boolean hasNginx() {
        return nginx.isPresent();
    }

    @Override
    public void close() {
        allocation.ifPresent(JvmAllocation::close);
        tenancy.ifPresent(TenancyRouter::close);
        nginx.ifPresent(NginxProcess::close);
        bare.close();
        quietRouter.close();
        router.close();
        engine.close();
    }
}
