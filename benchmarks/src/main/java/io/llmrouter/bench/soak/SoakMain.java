package io.llmrouter.bench.soak;

import io.llmrouter.bench.harness.ChildProcesses;
import io.llmrouter.bench.harness.RouterProcess;
import io.llmrouter.bench.load.Flags;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.RecordedRequest;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
            FLAGS, "DIR/soak.md; the path is printed at the end");

    private static final String MODEL = "soak-model";
    private static final int ENGINES = 3;

    private SoakMain() {
    }

    public static void main(String[] args) throws Exception {
        if (Flags.wantsHelp(args)) {
            System.out.print(HELP);
            return;
        }
        Flags flags;
        try {
            flags = Flags.parse(args, FLAGS);
        } catch (IllegalArgumentException e) {
            System.err.println("bench soak: " + e.getMessage());
            System.exit(2);
            return;
        }
        ChildProcesses.stopOnExit();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Duration length = Duration.ofSeconds(flags.integer("--seconds", 600));
        int clients = flags.integer("--clients", 2000);
        Duration restartEvery = Duration.ofSeconds(flags.integer("--restart-every", 60));
        Path out = Path.of(flags.string("--out", "target/bench-results")).toAbsolutePath();
        Files.createDirectories(out);
        String report = run(flags.string("--router-classpath", ""), length, clients, restartEvery);
        Files.writeString(out.resolve("soak.md"), report);
        System.out.print(report);
        System.out.println("bench soak: wrote " + out.resolve("soak.md").toAbsolutePath());
    }

    /** How each client request ended. */
    enum End { OK, CUT_BY_RESTART, TRUNCATED, REFUSED, FAILED }

    private static EngineOptions options(int i, int port) {
        return EngineOptions.builder().engine(EngineKind.VLLM).model(MODEL).host("127.0.0.1").port(port)
                .profile("h100-7b").seed(i + 1).recordedLimit(1_000_000).build();
    }

    static String run(String routerClasspath, Duration length, int clients, Duration restartEvery)
            throws IOException, InterruptedException {
        AtomicReferenceArray<SimulatedEngine> engines = new AtomicReferenceArray<>(ENGINES);
        int[] ports = new int[ENGINES];
        for (int i = 0; i < ENGINES; i++) {
            engines.set(i, SimulatedEngine.start(options(i, 0)));
            ports[i] = engines.get(i).port();
        }
        Map<String, Integer> executions = new ConcurrentHashMap<>();
        Map<End, AtomicLong> ends = new ConcurrentHashMap<>();
        for (End e : End.values()) {
            ends.put(e, new AtomicLong());
        }
        List<String> samples = new ArrayList<>();
        AtomicLong ids = new AtomicLong();
        Path dir = Files.createTempDirectory("bench-soak");
        StringBuilder md = new StringBuilder();
        try (RouterProcess router = RouterProcess.start(routerClasspath, dir, manifest(ports),
                "limits:\n  maxConcurrentRequests: " + Math.max(4096, clients * 2) + "\naccessLog:\n  output: "
                        + dir.resolve("access.log") + "\n")) {
            long begin = System.nanoTime();
            long end = begin + length.toNanos();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            Thread restarter = Thread.ofPlatform().daemon().start(() -> restartLoop(engines, ports, executions,
                    restartEvery, end));
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
            long total = ends.values().stream().mapToLong(AtomicLong::get).sum();
            md.append("# Soak\n\n").append(clients).append(" concurrent streaming clients (16 tokens each, closed loop), ")
                    .append(ENGINES).append(" simulated vLLM replicas (h100-7b), one restarted every ")
                    .append(restartEvery.toSeconds()).append(" s, ").append(length.toSeconds()).append(" s in all.\n")
                    .append("Load average at the end: ").append(loadAverage()).append("\n\n")
                    .append("| requests | ok | cut by a restart (error event + [DONE]) | truncated silently | refused "
                            + "before any byte (lost) | other failures | executed twice on engines |\n|---|---|---|---|---|---|---|\n")
                    .append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %d |\n\n", total,
                            ends.get(End.OK).get(), ends.get(End.CUT_BY_RESTART).get(), ends.get(End.TRUNCATED).get(),
                            ends.get(End.REFUSED).get(), ends.get(End.FAILED).get(), duplicated))
                    .append("| t (s) | heap after full GC (MiB) | threads | open file descriptors |\n|---|---|---|---|\n");
            samples.forEach(md::append);
        } finally {
            for (int i = 0; i < ENGINES; i++) {
                SimulatedEngine e = engines.get(i);
                if (e != null) {
                    e.close();
                }
            }
        }
        return md.toString();
    }

    private static void restartLoop(AtomicReferenceArray<SimulatedEngine> engines, int[] ports,
                                    Map<String, Integer> executions, Duration every, long end) {
        int next = 0;
        while (System.nanoTime() + every.toNanos() < end) {
            try {
                Thread.sleep(every);
                int i = next++ % ENGINES;
                SimulatedEngine old = engines.get(i);
                record(old.drainRecordedRequests(), executions);
                old.close(); // its streams in flight are cut, as a crashed pod's are
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
            List<String> id = r.headers().get("x-request-id");
            if (id != null && !id.isEmpty()) {
                executions.merge(id.get(0), 1, Integer::sum);
            }
        }
    }

    private static End streamOnce(HttpClient http, URI base, String id) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/completions")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("x-request-id", id)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"prompt\":\"soak " + id
                        + "\",\"max_tokens\":16,\"stream\":true}")).build();
        try {
            HttpResponse<java.util.stream.Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                response.body().close();
                return response.statusCode() >= 500 ? End.REFUSED : End.FAILED;
            }
            boolean[] error = {false};
            boolean[] done = {false};
            try (java.util.stream.Stream<String> lines = response.body()) {
                lines.forEach(line -> {
                    if (line.startsWith("data: [DONE]")) {
                        done[0] = true;
                    } else if (line.startsWith("data: {\"error\"")) {
                        error[0] = true;
                    }
                });
            }
            return !done[0] ? End.TRUNCATED : error[0] ? End.CUT_BY_RESTART : End.OK;
        } catch (IOException | java.io.UncheckedIOException e) {
            return End.TRUNCATED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return End.FAILED;
        }
    }

    /** One table row: the router process's heap after a full GC (jcmd), threads and descriptors (/proc). */
    private static String sample(RouterProcess router, long seconds) {
        long pid = router.pid();
        String heap = "?";
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            run(jcmd.toString(), Long.toString(pid), "GC.run");
            String info = run(jcmd.toString(), Long.toString(pid), "GC.heap_info");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            if (m.find()) {
                heap = String.format(Locale.ROOT, "%.1f", Long.parseLong(m.group(1)) / 1024.0);
            }
        } catch (IOException | InterruptedException e) {
            heap = "? (" + e.getMessage() + ")";
        }
        String threads = "?";
        try {
            threads = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("Threads:")).map(l -> l.substring(8).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            // not Linux: left as '?'
        }
        String fds = "?";
        try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = Long.toString(list.count());
        } catch (IOException e) {
            // not Linux
        }
        return "| " + seconds + " | " + heap + " | " + threads + " | " + fds + " |\n";
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return output;
    }

    private static String manifest(int[] ports) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: networking.serving.volcano.sh/v1alpha1
                kind: ModelRoute
                metadata: {name: soak, namespace: default}
                spec:
                  modelName: %s
                  rules:
                    - name: all
                      targetModels:
                        - modelServerName: replicas
                ---
                apiVersion: networking.serving.volcano.sh/v1alpha1
                kind: ModelServer
                metadata: {name: replicas, namespace: default}
                spec:
                  model: %s
                  inferenceEngine: vLLM
                  workloadSelector:
                    matchLabels: {app: replicas}
                  workloadPort: {port: 8000}
                  trafficPolicy:
                    retry: {attempts: 2, retryInterval: 10ms}
                """.formatted(MODEL, MODEL));
        for (int i = 0; i < ports.length; i++) {
            yaml.append("""
                    ---
                    apiVersion: networking.serving.volcano.sh/v1alpha1
                    kind: StaticEndpoint
                    metadata:
                      name: replica-%d
                      labels: {app: replicas}
                    spec:
                      address: 127.0.0.1:%d
                    """.formatted(i, ports[i]));
        }
        return yaml.toString();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
