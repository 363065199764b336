package io.llmrouter.bench.soak;

import io.llmrouter.bench.harness.ChildProcesses;
import io.llmrouter.bench.harness.Manifests;
import io.llmrouter.bench.harness.RouterProcess;
import io.llmrouter.bench.harness.StreamEnd;
import io.llmrouter.bench.load.Flags;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.RecordedRequest;
import io.llmrouter.sim.SimulatedEngine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code bin/bench soak}: many concurrent streaming clients through the router against simulated
 * engines for minutes, the engines restarted one after another during the run. Reports lost and
 * duplicated responses, errors by kind, and the router process's heap after a full GC, thread
 * count and open file descriptors sampled over the run (they must stay flat). Writes
 * {@code soak.md} into {@code --out}.
 */
public final class SoakMain {

    public static final List<Flags.Spec> FLAGS = List.of(
            Flags.Spec.valued("--out", "DIR", "target/bench-results", "where soak.md is written"),
            Flags.Spec.valued("--seconds", "S", "600", "length of the run"),
            Flags.Spec.valued("--clients", "N", "2000", "concurrent streaming clients, closed loop"),
            Flags.Spec.valued("--restart-every", "S", "60", "seconds between engine restarts, one engine at a time"),
            Flags.Spec.valued("--router-classpath", "CP", "set by bin/bench", "the router to measure"));

    static final String HELP = Flags.help("soak", "Many concurrent streams through the router for minutes, the"
            + " engines restarted one at a time: lost and duplicated responses, heap after GC, threads, descriptors.",
            FLAGS, "DIR/soak.md and soak.svg; the paths are printed at the end");

    private static final String MODEL = "soak-model";
    private static final int ENGINES = 3;

    private SoakMain() {
    }

    public static void main(String[] args) throws Exception {
        java.util.Optional<Flags> parsed = Flags.forMain("soak", HELP, FLAGS, args);
        if (parsed.isEmpty()) {
            return;
        }
        Flags flags = parsed.get();
        ChildProcesses.stopOnExit();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Duration length = Duration.ofSeconds(flags.integer("--seconds", 600));
        int clients = flags.integer("--clients", 2000);
        Duration restartEvery = Duration.ofSeconds(flags.integer("--restart-every", 60));
        Path out = Path.of(flags.string("--out", "target/bench-results")).toAbsolutePath();
        Files.createDirectories(out);
        Report report = run(flags.string("--router-classpath", ""), length, clients, restartEvery);
        Files.writeString(out.resolve("soak.md"), report.markdown());
        Files.writeString(out.resolve("soak.svg"), report.svg());
        System.out.print(report.markdown());
        System.out.println("bench soak: wrote " + out.resolve("soak.md") + " and " + out.resolve("soak.svg"));
    }

    /** How each client request ended. */
    enum End { OK, CUT_BY_RESTART, TRUNCATED, REFUSED, FAILED }

    private static EngineOptions options(int i, int port) {
        return EngineOptions.builder().engine(EngineKind.VLLM).model(MODEL).host("127.0.0.1").port(port)
                .profile("h100-7b").seed(i + 1).recordedLimit(1_000_000).build();
    }

    static Report run(String routerClasspath, Duration length, int clients, Duration restartEvery)
            throws IOException, InterruptedException {
        AtomicReferenceArray<SimulatedEngine> engines = new AtomicReferenceArray<>(ENGINES);
        int[] ports = new int[ENGINES];
        for (int i = 0; i < ENGINES; i++) {
            engines.set(i, SimulatedEngine.start(options(i, 0)));
            ports[i] = engines.get(i).port();
        }
        Map<String, Integer> executions = new ConcurrentHashMap<>();
        Set<String> atRestart = ConcurrentHashMap.newKeySet();
        Map<End, AtomicLong> ends = new ConcurrentHashMap<>();
        for (End e : End.values()) {
            ends.put(e, new AtomicLong());
        }
        List<Sample> samples = new ArrayList<>();
        AtomicLong ids = new AtomicLong();
        Path dir = Files.createTempDirectory("bench-soak");
        StringBuilder md = new StringBuilder();
        String chart = "";
        try (RouterProcess router = RouterProcess.start(routerClasspath, dir,
                Manifests.replicas(MODEL, ports, "{retry: {attempts: 2, retryInterval: 10ms}}"),
                "limits:\n  maxConcurrentRequests: " + Math.max(4096, clients * 2) + "\naccessLog:\n  output: "
                        + dir.resolve("access.log") + "\n")) {
            long begin = System.nanoTime();
            long end = begin + length.toNanos();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            Thread restarter = Thread.ofPlatform().daemon().start(() -> restartLoop(engines, ports, executions,
                    atRestart, restartEvery, end));
            samples.add(sample(router, 0));
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < clients; c++) {
                    pool.submit(() -> {
                        while (System.nanoTime() < end) {
                            ends.get(streamOnce(http, router.baseUri(), "soak-" + ids.incrementAndGet())).incrementAndGet();
                        }
                    });
                }
                long nextSample = begin + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < end) {
                    Thread.sleep(500);
                    drain(engines, executions);
                    if (System.nanoTime() >= nextSample) {
                        samples.add(sample(router, (System.nanoTime() - begin) / 1_000_000_000));
                        nextSample += Duration.ofSeconds(30).toNanos();
                    }
                }
            }
            restarter.join(Duration.ofSeconds(30));
            drain(engines, executions);
            samples.add(sample(router, (System.nanoTime() - begin) / 1_000_000_000));
            long duplicated = executions.values().stream().filter(n -> n > 1).count();
            long duplicatedAtRestart = executions.entrySet().stream()
                    .filter(e -> e.getValue() > 1 && atRestart.contains(e.getKey())).count();
            long total = ends.values().stream().mapToLong(AtomicLong::get).sum();
            md.append("# Soak\n\n").append(clients).append(" concurrent streaming clients (16 tokens each, closed loop), ")
                    .append(ENGINES).append(" simulated vLLM replicas (h100-7b), one restarted every ")
                    .append(restartEvery.toSeconds()).append(" s, ").append(length.toSeconds()).append(" s in all.\n")
                    .append("Load average at the end: ").append(Manifests.loadAverage()).append("\n\n")
                    .append("| requests | ok | cut by a restart (error event + [DONE]) | truncated silently | refused "
                            + "before any byte (lost) | other failures | executed twice on engines | of which in flight on an engine "
                            + "as it was restarted |\n|---|---|---|---|---|---|---|---|\n")
                    .append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %d | %d |\n\n", total,
                            ends.get(End.OK).get(), ends.get(End.CUT_BY_RESTART).get(), ends.get(End.TRUNCATED).get(),
                            ends.get(End.REFUSED).get(), ends.get(End.FAILED).get(), duplicated, duplicatedAtRestart))
                    .append("| t (s) | heap after full GC (MiB) | threads | open file descriptors |\n|---|---|---|---|\n");
            samples.forEach(x -> md.append(x.row()));
            chart = chart(samples);
        } finally {
            for (int i = 0; i < ENGINES; i++) {
                SimulatedEngine e = engines.get(i);
                if (e != null) {
                    e.close();
                }
            }
        }
        return new Report(md.toString(), chart);
    }

    /** What the run writes: {@code soak.md} and {@code soak.svg}. */
    record Report(String markdown, String svg) {
    }

    /** One look at the router process: heap after a full GC (MiB, NaN if unknown), threads and descriptors (-1 if unknown). */
    record Sample(long seconds, double heapMiB, int threads, int fds) {
        String row() {
            return "| " + seconds + " | " + (Double.isNaN(heapMiB) ? "?" : String.format(Locale.ROOT, "%.1f", heapMiB))
                    + " | " + (threads < 0 ? "?" : threads) + " | " + (fds < 0 ? "?" : fds) + " |\n";
        }
    }

    private static String chart(List<Sample> samples) {
        List<io.llmrouter.bench.harness.BarChartSvg.Bar> heap = new ArrayList<>();
        List<io.llmrouter.bench.harness.BarChartSvg.Bar> fds = new ArrayList<>();
        List<io.llmrouter.bench.harness.BarChartSvg.Bar> threads = new ArrayList<>();
        for (Sample x : samples) {
            heap.add(new io.llmrouter.bench.harness.BarChartSvg.Bar("t = " + x.seconds() + " s",
                    Double.isNaN(x.heapMiB()) ? 0 : x.heapMiB(), 0));
            threads.add(new io.llmrouter.bench.harness.BarChartSvg.Bar("t = " + x.seconds() + " s", Math.max(0, x.threads()), 1));
            fds.add(new io.llmrouter.bench.harness.BarChartSvg.Bar("t = " + x.seconds() + " s", Math.max(0, x.fds()), 2));
        }
        return io.llmrouter.bench.harness.BarChartSvg.render("Soak: the router process over the run", List.of(
                new io.llmrouter.bench.harness.BarChartSvg.Panel("heap after a full GC", "MiB", heap),
                new io.llmrouter.bench.harness.BarChartSvg.Panel("platform threads", "threads", threads),
                new io.llmrouter.bench.harness.BarChartSvg.Panel("open file descriptors", "fds", fds)));
    }

    private static void restartLoop(AtomicReferenceArray<SimulatedEngine> engines, int[] ports,
                                    Map<String, Integer> executions, Set<String> atRestart, Duration every, long end) {
        int next = 0;
        while (System.nanoTime() + every.toNanos() < end) {
            try {
                Thread.sleep(every);
                int i = next++ % ENGINES;
                SimulatedEngine old = engines.get(i);
                old.close(); // its streams in flight are cut, as a crashed pod's are
                // What it received since the last drain (at most half a second ago) was in flight at its end.
                List<RecordedRequest> last = old.drainRecordedRequests();
                record(last, executions);
                last.forEach(r -> id(r).ifPresent(atRestart::add));
                Thread.sleep(2_000);
                engines.set(i, SimulatedEngine.start(options(i, ports[i])));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                System.err.println("bench soak: restart failed: " + e);
            }
        }
    }

    private static void drain(AtomicReferenceArray<SimulatedEngine> engines, Map<String, Integer> executions) {
        for (int i = 0; i < ENGINES; i++) {
            SimulatedEngine e = engines.get(i);
            if (e != null) {
                record(e.drainRecordedRequests(), executions);
            }
        }
    }

    private static void record(List<RecordedRequest> requests, Map<String, Integer> executions) {
        for (RecordedRequest r : requests) {
            id(r).ifPresent(id -> executions.merge(id, 1, Integer::sum));
        }
    }

    private static java.util.Optional<String> id(RecordedRequest r) {
        List<String> id = r.headers().get("x-request-id");
        return id == null || id.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(id.get(0));
    }

    private static End streamOnce(HttpClient http, URI base, String id) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/completions")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("x-request-id", id)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"prompt\":\"soak " + id
                        + "\",\"max_tokens\":16,\"stream\":true}")).build();
        StreamEnd end = StreamEnd.of(http, request);
        return switch (end.kind()) {
            case WHOLE -> End.OK;
            case CUT_VISIBLY -> End.CUT_BY_RESTART;
            case CUT_SILENTLY -> End.TRUNCATED;
            case REFUSED -> end.status() >= 500 ? End.REFUSED : End.FAILED;
        };
    }

    /** The router process's heap after a full GC (jcmd), threads and descriptors (/proc). */
    private static Sample sample(RouterProcess router, long seconds) {
        long pid = router.pid();
        double heap = Double.NaN;
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            run(jcmd.toString(), Long.toString(pid), "GC.run");
            String info = run(jcmd.toString(), Long.toString(pid), "GC.heap_info");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            if (m.find()) {
                heap = Long.parseLong(m.group(1)) / 1024.0;
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("bench soak: no heap sample: " + e.getMessage());
        }
        int threads = -1;
        try {
            threads = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("Threads:")).map(l -> Integer.parseInt(l.substring(8).trim()))
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            // not Linux: unknown
        }
        int fds = -1;
        try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = (int) list.count();
        } catch (IOException e) {
            // not Linux: unknown
        }
        return new Sample(seconds, heap, threads, fds);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return output;
    }
}
