package io.llmrouter.bench.faults;

import io.llmrouter.bench.harness.ChildProcesses;
import io.llmrouter.bench.harness.Manifests;
import io.llmrouter.bench.harness.RouterProcess;
import io.llmrouter.bench.harness.StreamEnd;
import io.llmrouter.bench.load.Flags;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/bench faults}: three simulated vLLM replicas behind the router, one of them faulty at a
 * time with each of the simulator's faults, for plain and streaming requests. Per row: how many
 * requests succeeded, how many were lost (failed though healthy replicas were there and nothing had
 * reached the client), how many streams were truncated silently, and the latency percentiles of the
 * successes, the second half of the row apart (after the router had time to eject the faulty pod).
 * Writes {@code faults.md} into {@code --out}.
 */
public final class FaultMatrixMain {

    public static final List<Flags.Spec> FLAGS = List.of(
            Flags.Spec.valued("--out", "DIR", "target/bench-results", "where faults.md is written"),
            Flags.Spec.toggle("--quick", "8 s rows"),
            Flags.Spec.valued("--row-seconds", "S", "20 (--quick: 8)", "closed-loop load per row"),
            Flags.Spec.valued("--clients", "N", "8", "concurrent clients"),
            Flags.Spec.valued("--faults", "a,b,...", "all: " + String.join(",",
                    Arrays.stream(Fault.values()).map(Fault::label).toList()), "rows to run"),
            Flags.Spec.valued("--router-classpath", "CP", "set by bin/bench", "the router to measure"));

    static final String HELP = Flags.help("faults", "The fault matrix: three simulated vLLM replicas behind the"
            + " router, one faulty with each of the simulator's faults, plain and streaming requests.", FLAGS,
            "DIR/faults.md; the path is printed at the end");

    private static final String MODEL = "fault-model";

    private FaultMatrixMain() {
    }

    public static void main(String[] args) throws Exception {
        java.util.Optional<Flags> parsed = Flags.forMain("faults", HELP, FLAGS, args);
        if (parsed.isEmpty()) {
            return;
        }
        Flags flags = parsed.get();
        ChildProcesses.stopOnExit();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        boolean quick = flags.on("--quick");
        Duration row = Duration.ofSeconds(flags.integer("--row-seconds", quick ? 8 : 20));
        int clients = flags.integer("--clients", 8);
        List<Fault> faults = Arrays.stream(flags.string("--faults", String.join(",",
                Arrays.stream(Fault.values()).map(Fault::label).toList())).split(","))
                .map(s -> Fault.valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'))).toList();
        Path out = Path.of(flags.string("--out", "target/bench-results")).toAbsolutePath();
        Files.createDirectories(out);
        List<RowResult> results = new ArrayList<>();
        for (Fault fault : faults) {
            for (boolean stream : new boolean[] {false, true}) {
                RowResult result = runRow(flags.string("--router-classpath", ""), fault, stream, row, clients);
                System.out.println(result.line());
                results.add(result);
            }
        }
        String report = FaultReport.markdown(results, row, clients);
        Files.writeString(out.resolve("faults.md"), report);
        System.out.print(report);
        System.out.println("bench faults: wrote " + out.resolve("faults.md").toAbsolutePath());
    }

    /** One row on a fresh router and fresh engines, so no row inherits another's ejections. */
    static RowResult runRow(String routerClasspath, Fault fault, boolean stream, Duration row, int clients)
            throws IOException, InterruptedException {
        List<SimulatedEngine> engines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            engines.add(SimulatedEngine.start(EngineOptions.builder().engine(EngineKind.VLLM).model(MODEL)
                    .host("127.0.0.1").port(0).profile("h100-7b").seed(i + 1).build()));
        }
        SimulatedEngine faulty = engines.get(0);
        ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor();
        Path dir = Files.createTempDirectory("bench-faults");
        try (RouterProcess router = RouterProcess.start(routerClasspath, dir, manifest(engines), "")) {
            fault.applyTo(faulty.faults());
            if (fault == Fault.RESTARTING) {
                long period = Fault.RESTART_PERIOD.toMillis();
                restarts.scheduleAtFixedRate(() -> {
                    faulty.faults().refuseConnections(true);
                    restarts.schedule(() -> faulty.faults().refuseConnections(false),
                            Fault.RESTART_DOWN.toMillis(), TimeUnit.MILLISECONDS);
                }, period / 2, period, TimeUnit.MILLISECONDS);
            }
            return load(router.baseUri(), fault, stream, row, clients);
        } finally {
            restarts.shutdownNow();
            engines.forEach(SimulatedEngine::close);
        }
    }

    private static String manifest(List<SimulatedEngine> engines) {
        return Manifests.replicas(MODEL, engines.stream().mapToInt(SimulatedEngine::port).toArray(),
                "{timeout: 3s, retry: {attempts: 2, retryInterval: 10ms}}");
    }

    /** One finished request: when it started (ns since the row began), how long it took, how it ended. */
    record Sample(long startNanos, long latencyNanos, Outcome outcome) {
    }

    private static RowResult load(URI base, Fault fault, boolean stream, Duration row, int clients)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        long begin = System.nanoTime();
        long end = begin + row.toNanos();
        String body = "{\"model\":\"" + MODEL + "\",\"prompt\":\"fault matrix\",\"max_tokens\":16,\"stream\":" + stream
                + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/completions")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        Outcome outcome = stream ? streamOnce(http, request) : plainOnce(http, request);
                        samples.add(new Sample(start - begin, System.nanoTime() - start, outcome));
                    }
                    return null;
                });
            }
        }
        return new RowResult(fault, stream, List.copyOf(samples), row.toNanos());
    }

    private static Outcome plainOnce(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"choices\"") ? Outcome.OK : Outcome.LOST;
        } catch (IOException e) {
            return Outcome.LOST;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.LOST;
        }
    }

    /** A cut stream that ended visibly is not lost: bytes had reached the client, so it could not be retried. */
    private static Outcome streamOnce(HttpClient http, HttpRequest request) {
        return switch (StreamEnd.of(http, request).kind()) {
            case WHOLE -> Outcome.OK;
            case CUT_VISIBLY -> Outcome.FAILED_VISIBLY;
            case CUT_SILENTLY -> Outcome.TRUNCATED;
            case REFUSED -> Outcome.LOST;
        };
    }

    /** Everything measured in one row. */
    record RowResult(Fault fault, boolean stream, List<Sample> samples, long rowNanos) {

        Map<Outcome, Long> counts() {
            Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                counts.put(o, samples.stream().filter(s -> s.outcome() == o).count());
            }
            return counts;
        }

        /** The {@code q}-quantile of successful latencies in ms, from the row's second half only if {@code late}. */
        double latencyMs(double q, boolean late) {
            long[] sorted = samples.stream().filter(s -> s.outcome() == Outcome.OK)
                    .filter(s -> !late || s.startNanos() >= rowNanos / 2)
                    .mapToLong(Sample::latencyNanos).sorted().toArray();
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
        }

        String line() {
            Map<Outcome, Long> c = counts();
            return String.format(Locale.ROOT, "%-16s %-6s ok %5d lost %3d visible %3d truncated %3d p50 %7.1f ms "
                            + "p99 %7.1f ms (2nd half p99 %7.1f ms)", fault.label(), stream ? "stream" : "plain",
                    c.get(Outcome.OK), c.get(Outcome.LOST), c.get(Outcome.FAILED_VISIBLY), c.get(Outcome.TRUNCATED),
                    latencyMs(0.5, false), latencyMs(0.99, false), latencyMs(0.99, true));
        }
    }
}
