package io.llmrouter.bench.routing;

import io.llmrouter.bench.harness.Manifests;
import io.llmrouter.bench.harness.RouterProcess;
import io.llmrouter.bench.load.BenchRequest;
import io.llmrouter.bench.load.LoadOptions;
import io.llmrouter.bench.load.LoadRunner;
import io.llmrouter.bench.load.RunReport;
import io.llmrouter.bench.load.Target;
import io.llmrouter.bench.load.Workloads;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One row end to end over HTTP: three fresh simulated vLLM replicas (cold caches), a fresh router
 * process configured with the row's plugins, one warm-up request, then the workload through the
 * router. Everything is stopped before the next row starts.
 */
final class RoutingRun {

    private static final String MODEL = EngineOptions.DEFAULT_MODEL;
    private static final int REPLICAS = 3;

    private final RoutingScale scale;
    private final String routerClasspath;
    private final Path workDir;
    private final long seed;
    private final io.llmrouter.sim.core.Profile profile;

    RoutingRun(RoutingScale scale, String routerClasspath, Path workDir, long seed, io.llmrouter.sim.core.Profile profile) {
        this.profile = profile;
        this.scale = scale;
        this.routerClasspath = routerClasspath;
        this.workDir = workDir;
        this.seed = seed;
    }

    RowResult run(Variant variant, PluginRow row) throws IOException, InterruptedException {
        EngineOptions engine = EngineOptions.builder().engine(EngineKind.VLLM).model(MODEL).port(0)
                .profile(profile).speedup(scale.speedup())
                .seed(seed).build();
        Path dir = workDir.resolve(variant.name().toLowerCase() + "-" + row.label().replaceAll("[^A-Za-z]+", "-"));
        try (SimulatedCluster cluster = SimulatedCluster.start(engine, REPLICAS)) {
            RouterProcess router;
            try {
                router = RouterProcess.start(routerClasspath, dir, Manifests.singleModel(MODEL, cluster.baseUris()),
                        row.schedulerYaml(scrapeInterval()));
            } catch (IOException notStarted) {
                return RowResult.skipped(variant, row, firstError(notStarted.getMessage()));
            }
            try (router) {
                // two scrapes, so the metric-driven scorers have data before the first request
                Thread.sleep(2 * scrapeMillis());
                return RowResult.measured(variant, row, measure(variant, row, router));
            }
        }
    }

    private RunReport measure(Variant variant, PluginRow row, RouterProcess router) throws InterruptedException {
        List<BenchRequest> requests = Workloads.generatedSharedPrefix(new Workloads.SharedPrefix(scale.groups(),
                scale.promptsPerGroup(), variant.systemPromptLen, variant.questionLen, scale.outputLen(), 1.0), seed);
        Target target = new Target(router.baseUri(), MODEL, false, true);
        LoadOptions warm = new LoadOptions(Double.POSITIVE_INFINITY, 1, seed, Duration.ofMinutes(5), false, 1);
        new LoadRunner(target, warm).run("warmup", "warmup", requests.subList(0, 1));
        LoadOptions options = new LoadOptions(scale.requestRate(), scale.maxConcurrency(), seed,
                Duration.ofMinutes(60), LoadOptions.progressWanted(), scale.speedup());
        System.err.println(variant.title + " | " + row.label());
        return new LoadRunner(target, options).run(variant.name().toLowerCase() + " | " + row.label(),
                "generated-shared-prefix", requests);
    }

    /** One second of model time between scrapes, as Kthena's default, but never under 100 ms of wall time. */
    private long scrapeMillis() {
        return Math.max(100, Math.round(1000 / scale.speedup()));
    }

    private String scrapeInterval() {
        return scrapeMillis() + "ms";
    }

    /** The router's own explanation (its log's error line) when it refuses the config. */
    private static String firstError(String message) {
        return message.lines().filter(l -> l.contains("kvcache-aware") || l.contains("allowed") || l.contains("rror"))
                .findFirst().orElse(message.lines().findFirst().orElse("router did not start")).trim();
    }
}
