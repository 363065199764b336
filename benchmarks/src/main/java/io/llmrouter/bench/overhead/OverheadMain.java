package io.llmrouter.bench.overhead;

import io.llmrouter.bench.harness.ChildProcesses;
import io.llmrouter.bench.harness.NginxProcess;
import io.llmrouter.bench.load.Flags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code bin/bench overhead}: what the router itself costs, against the engine directly and nginx.
 * Writes {@code overhead.md}, {@code overhead.jsonl} and {@code overhead.svg} into {@code --out}.
 */
public final class OverheadMain {

    public static final List<Flags.Spec> FLAGS = List.of(
            Flags.Spec.valued("--out", "DIR", "target/bench-results", "where the results are written"),
            Flags.Spec.toggle("--quick", "3 s cells and a shorter warm-up"),
            Flags.Spec.toggle("--no-tenancy", "leave out the rows with API keys, JWT and token limits on"),
            Flags.Spec.valued("--warm-up-seconds", "S", "4 (--quick: 2)", "unmeasured load per route and workload first;"
                    + " a router JVM keeps getting faster for tens of seconds, so rows measured early read slower"),
            Flags.Spec.valued("--cell-seconds", "S", "8 (--quick: 3)", "measuring time per workload, clients and route"),
            Flags.Spec.valued("--clients", "N,N,...", "1,64,512", "concurrent clients (the 220 KB workload also runs 150)"),
            Flags.Spec.valued("--workloads", "small,streaming,large", "small,streaming,large", "workloads to run"),
            Flags.Spec.valued("--nginx", "PATH", "nginx found in /usr/sbin, /usr/local/sbin, /usr/bin, /usr/local/bin",
                    "nginx binary for the nginx column (skipped when none)"),
            Flags.Spec.valued("--router-classpath", "CP", "set by bin/bench", "the router to measure"));

    static final String HELP = Flags.help("overhead", "What the router itself costs: the same zero-latency engine"
            + " reached directly, through nginx and through the router.", FLAGS,
            "DIR/overhead.md, overhead.jsonl and overhead.svg; the paths are printed at the end");

    private OverheadMain() {
    }

    public static void main(String[] args) throws Exception {
        java.util.Optional<Flags> parsed = Flags.forMain("overhead", HELP, FLAGS, args);
        if (parsed.isEmpty()) {
            return;
        }
        Flags flags = parsed.get();
        ChildProcesses.stopOnExit();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        boolean quick = flags.on("--quick");
        Duration cell = Duration.ofSeconds(flags.integer("--cell-seconds", quick ? 3 : 8));
        List<Integer> clients = Arrays.stream(flags.string("--clients", "1,64,512").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        Optional<Path> nginx = NginxProcess.find(flags.string("--nginx", ""));
        if (nginx.isEmpty()) {
            System.err.println("bench overhead: nginx not found (apt-get install -y nginx); the nginx column is skipped");
        }
        Path out = Path.of(flags.string("--out", "target/bench-results")).toAbsolutePath();
        Files.createDirectories(out);
        List<Cell> cells = new ArrayList<>();
        try (OverheadRun run = OverheadRun.start(flags.string("--router-classpath", ""), nginx,
                Files.createTempDirectory("bench-overhead"), cell)) {
            if (!flags.on("--no-tenancy")) {
                run.withTenancy(flags.string("--router-classpath", ""), Files.createTempDirectory("bench-tenancy"));
            }
            // the router is a fresh JVM: give its JIT a few seconds per workload before anything is measured
            List<Workload> workloads = Arrays.stream(flags.string("--workloads", "small,streaming,large").split(","))
                    .map(name -> Workload.valueOf(name.trim().toUpperCase())).toList();
            run.warmUp(Duration.ofSeconds(flags.integer("--warm-up-seconds", quick ? 2 : 4)), workloads);
            for (Workload workload : workloads) {
                for (int n : levels(workload, clients)) {
                    cells.addAll(run.measure(workload, n));
                }
            }
        }
        String markdown = OverheadReport.markdown(cells);
        Files.writeString(out.resolve("overhead.md"), markdown);
        Files.writeString(out.resolve("overhead.jsonl"), OverheadReport.jsonLines(cells));
        Files.writeString(out.resolve("overhead.svg"), OverheadReport.svg(cells));
        System.out.println(markdown);
        System.out.println("written: " + out.resolve("overhead.md") + ", overhead.jsonl, overhead.svg");
    }

    /** The client counts for a workload; 220 KB prompts also run at 150 streams, the TTFT target. */
    static List<Integer> levels(Workload workload, List<Integer> clients) {
        List<Integer> levels = new ArrayList<>(clients);
        if (workload == Workload.LARGE && !levels.contains(150)) {
            levels.add(150);
        }
        return levels.stream().sorted().toList();
    }
}
