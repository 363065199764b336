package io.llmrouter.bench.routing;

import io.llmrouter.bench.harness.ChildProcesses;
import io.llmrouter.bench.load.Flags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/bench routing}: the Kthena blog's Table 2 end to end over HTTP. Writes
 * {@code routing.md}, {@code routing.jsonl} and {@code routing.svg} into {@code --out};
 * with {@code --virtual}, {@code routing-virtual.md} from the virtual-time driver instead.
 */
public final class RoutingMain {

    public static final List<Flags.Spec> FLAGS = List.of(
            Flags.Spec.valued("--out", "DIR", "target/bench-results", "where the results are written"),
            Flags.Spec.toggle("--quick", "1/8 of the blog's scale, 64 output tokens, 3x speed-up: minutes, not hours"),
            Flags.Spec.toggle("--virtual", "in-process, virtual time, no HTTP: seconds, deterministic"),
            Flags.Spec.valued("--divisor", "N", "2 (--quick: 8)", "run 1/N of the blog's groups, rate, concurrency"
                    + " and KV blocks"),
            Flags.Spec.valued("--prompts-per-group", "N", "8", "requests per shared-prefix group (blog: 32)"),
            Flags.Spec.valued("--output-len", "N", "256 (--quick: 64)", "output tokens per request"),
            Flags.Spec.valued("--speedup", "X", "1 (--quick: 3)", "simulated engines run X times faster than real time"),
            Flags.Spec.valued("--seed", "N", "1", "seed of prompts, arrivals and engines"),
            Flags.Spec.valued("--variants", "long,short", "long,short", "system prompt lengths to run (4096, 256)"),
            Flags.Spec.valued("--profile", "NAME", "kthena-blog", "engine profile: kthena-blog (fitted to the blog's Random"
                    + " and best rows, docs/benchmarks.md) or a simulator profile (h100-7b, ...)"),
            Flags.Spec.valued("--workloads", "LIST", "blog,skewed,chat,lora", "--virtual only: blog (the blog's"
                    + " generated-shared-prefix, each --variants), skewed (Zipf 1.1 groups), chat (multi-turn), lora (8"
                    + " adapters, max-loras 2), eviction (open-loop eviction-pressure table, h100-7b)"),
            Flags.Spec.valued("--router-classpath", "CP", "set by bin/bench", "the router to measure"));

    static final String HELP = Flags.help("routing", "The Kthena blog's routing table (Table 2): for each plugin"
            + " set, a router in front of 3 simulated vLLM replicas under the shared-prefix workload.", FLAGS,
            "DIR/routing.md, routing.jsonl and routing.svg (--virtual: DIR/routing-virtual.md, routing-virtual.jsonl and"
            + " routing-virtual-WORKLOAD.svg, then one line per workload: best/random, best/oracle, best/kthena); the"
            + " paths are printed at the end");

    private RoutingMain() {
    }

    public static void main(String[] args) throws Exception {
        java.util.Optional<Flags> parsed = Flags.forMain("routing", HELP, FLAGS, args);
        if (parsed.isEmpty()) {
            return;
        }
        Flags flags = parsed.get();
        ChildProcesses.stopOnExit();
        // the engines' request logs would drown the progress bar
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        boolean quick = flags.on("--quick");
        // quick: 1/8 of the blog, 64 output tokens and a 3x speed-up, to finish in minutes (docs/benchmarks.md)
        RoutingScale scale = RoutingScale.ofBlog(flags.integer("--divisor", quick ? 8 : 2),
                flags.integer("--prompts-per-group", 8), flags.integer("--output-len", quick ? 64 : 256),
                flags.number("--speedup", quick ? 3 : 1));
        Path out = Path.of(flags.string("--out", "target/bench-results")).toAbsolutePath();
        Files.createDirectories(out);
        List<Variant> variants = Arrays.stream(flags.string("--variants", "long,short").split(","))
                .map(v -> Variant.valueOf(v.trim().toUpperCase())).toList();
        long seed = flags.integer("--seed", 1);
        String profile = flags.string("--profile", BlogProfile.NAME);
        if (flags.on("--virtual")) {
            List<String> workloads = Arrays.stream(flags.string("--workloads", String.join(",", VirtualRouting.WORKLOADS))
                    .split(",")).map(String::trim).toList();
            long started = System.nanoTime();
            List<VirtualRouting.Table> tables = VirtualRouting.run(scale, profile, workloads, variants, seed);
            String markdown = tables.isEmpty() ? "" : VirtualRouting.markdown(tables, scale, profile);
            if (workloads.contains(VirtualRouting.EVICTION)) {
                // eviction pressure: the system prompts need 4x one replica's blocks; 1 and 4 router replicas;
                // 30 req/s whatever the scale: about what 3 replicas serve at this hit rate (open loop)
                markdown += KvEviction.markdown(KvEviction.config(scale.kvBlocks(), 4, 8, 30.0, seed), 4, List.of(1, 4));
            }
            Files.writeString(out.resolve("routing-virtual.md"), markdown);
            Files.writeString(out.resolve("routing-virtual.jsonl"), VirtualRouting.jsonLines(tables));
            for (VirtualRouting.Table t : tables) {
                Files.writeString(out.resolve("routing-virtual-" + t.key() + ".svg"), VirtualRouting.svg(t));
            }
            System.out.println(markdown);
            System.out.printf("written: %s, routing-virtual.jsonl, routing-virtual-*.svg (%.0f s)%n",
                    out.resolve("routing-virtual.md"), (System.nanoTime() - started) / 1e9);
            tables.forEach(t -> System.out.println(VirtualRouting.ratioLine(t)));
        } else {
            overHttp(new RoutingRun(scale, flags.string("--router-classpath", ""),
                    Files.createTempDirectory("bench-routing"), seed, VirtualRouting.profile(profile, scale)), scale,
                    variants, out);
        }
    }

    private static void overHttp(RoutingRun run, RoutingScale scale, List<Variant> variants, Path out)
            throws IOException, InterruptedException {
        System.err.println("scale: " + scale.describe());
        long started = System.nanoTime();
        List<RowResult> results = new ArrayList<>();
        for (Variant variant : variants) {
            for (RoutingRow row : RoutingRow.blogTable()) {
                if (row.http().isEmpty()) {
                    // Kthena's own algorithms and the oracle are benchmark plugin sets, not router plugins
                    results.add(RowResult.skipped(variant, new PluginRow(row.label(), List.of()),
                            "benchmark-only plugin set: see --virtual"));
                    continue;
                }
                RowResult result = run.run(variant, row.http().get());
                result.report().ifPresent(r -> System.err.print(r.toText()));
                results.add(result);
            }
        }
        String markdown = RoutingReport.markdown(results, scale);
        Files.writeString(out.resolve("routing.md"), markdown);
        Files.writeString(out.resolve("routing.jsonl"), RoutingReport.jsonLines(results));
        Files.writeString(out.resolve("routing.svg"), RoutingReport.svg(results));
        System.out.println(markdown);
        System.out.printf("written: %s, routing.jsonl, routing.svg (rows took %.0f s)%n", out.resolve("routing.md"),
                (System.nanoTime() - started) / 1e9);
    }
}
