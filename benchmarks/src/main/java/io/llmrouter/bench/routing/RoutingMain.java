package io.llmrouter.bench.routing;

import io.llmrouter.bench.harness.ChildProcesses;
import io.llmrouter.bench.load.Flags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code bin/bench routing}: the Kthena blog's Table 2 end to end over HTTP. Writes
 * {@code routing.md}, {@code routing.jsonl} and {@code routing.svg} into {@code --out};
 * with {@code --virtual}, {@code routing-virtual.md} from the virtual-time driver instead.
 */
public final class RoutingMain {

    private static final Set<String> VALUED = Set.of("--out", "--router-classpath", "--divisor", "--prompts-per-group",
            "--output-len", "--speedup", "--seed", "--variants");
    private static final Set<String> SWITCHES = Set.of("--quick", "--virtual");

    private RoutingMain() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags;
        try {
            flags = Flags.parse(args, VALUED, SWITCHES);
        } catch (IllegalArgumentException e) {
            System.err.println("bench routing: " + e.getMessage());
            System.exit(2);
            return;
        }
        ChildProcesses.stopOnExit();
        // the engines' request logs would drown the progress bar
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        boolean quick = flags.on("--quick");
        // quick: 1/8 of the blog, 64 output tokens and a 3x speed-up, to finish in minutes (docs/benchmarks.md)
        RoutingScale scale = RoutingScale.ofBlog(flags.integer("--divisor", quick ? 8 : 2),
                flags.integer("--prompts-per-group", 8), flags.integer("--output-len", quick ? 64 : 256),
                flags.number("--speedup", quick ? 3 : 1));
        Path out = Path.of(flags.string("--out", "target/bench-results"));
        Files.createDirectories(out);
        List<Variant> variants = Arrays.stream(flags.string("--variants", "long,short").split(","))
                .map(v -> Variant.valueOf(v.trim().toUpperCase())).toList();
        long seed = flags.integer("--seed", 1);
        if (flags.on("--virtual")) {
            String markdown = VirtualRouting.markdown(scale, variants, seed);
            Files.writeString(out.resolve("routing-virtual.md"), markdown);
            System.out.println(markdown);
        } else {
            overHttp(new RoutingRun(scale, flags.string("--router-classpath", ""),
                    Files.createTempDirectory("bench-routing"), seed), scale, variants, out);
        }
    }

    private static void overHttp(RoutingRun run, RoutingScale scale, List<Variant> variants, Path out)
            throws IOException, InterruptedException {
        System.err.println("scale: " + scale.describe());
        long started = System.nanoTime();
        List<RowResult> results = new ArrayList<>();
        for (Variant variant : variants) {
            for (PluginRow row : PluginRow.kthenaTable()) {
                RowResult result = run.run(variant, row);
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
