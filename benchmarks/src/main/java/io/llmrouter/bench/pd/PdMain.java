package io.llmrouter.bench.pd;

import io.llmrouter.bench.load.Flags;
import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.Profiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/bench pd}: prefill/decode disaggregation against aggregated serving, in virtual time.
 * 1P2D, 2P2D and 4 aggregated replicas of the same engine profile under a long-prompt workload at
 * each request rate; writes {@code pd.md} into {@code --out}.
 */
public final class PdMain {

    public static final List<Flags.Spec> FLAGS = List.of(
            Flags.Spec.valued("--out", "DIR", "target/bench-results", "where pd.md is written"),
            Flags.Spec.toggle("--quick", "200 requests per run instead of 600"),
            Flags.Spec.valued("--rates", "R,R", "2,4,6,8", "request rates to run (requests/s)"),
            Flags.Spec.valued("--prompt-len", "N", "6000", "prompt tokens per request (random, no shared prefix)"),
            Flags.Spec.valued("--output-len", "N", "256", "output tokens per request"),
            Flags.Spec.valued("--profile", "NAME", Profiles.DEFAULT, "simulated engine profile (" + Profiles.names() + ")"),
            Flags.Spec.valued("--seed", "N", "1", "seed of prompts, arrivals and engines"));

    static final String HELP = Flags.help("pd", "Prefill/decode disaggregation (1P2D, 2P2D) against 4 aggregated"
            + " replicas on long prompts, in virtual time: TTFT, ITL p50/p99, throughput.", FLAGS, "DIR/pd.md");

    private PdMain() {
    }

    public static void main(String[] args) throws Exception {
        java.util.Optional<Flags> parsed = Flags.forMain("pd", HELP, FLAGS, args);
        if (parsed.isEmpty()) {
            return;
        }
        Flags flags = parsed.get();
        int requests = flags.on("--quick") ? 200 : 600;
        Profile profile = Profiles.named(flags.string("--profile", Profiles.DEFAULT));
        int prompt = flags.integer("--prompt-len", 6000);
        int output = flags.integer("--output-len", 256);
        long seed = flags.integer("--seed", 1);
        double[] rates = Arrays.stream(flags.string("--rates", "2,4,6,8").split(",")).mapToDouble(Double::parseDouble)
                .toArray();
        List<PdScenario.Result> results = new ArrayList<>();
        long began = System.nanoTime();
        for (double rate : rates) {
            PdScenario.Workload w = new PdScenario.Workload(requests, rate, prompt, output, seed);
            results.add(PdScenario.run("4 aggregated", 0, 4, profile, w));
            results.add(PdScenario.run("1P2D", 1, 2, profile, w));
            results.add(PdScenario.run("2P2D", 2, 2, profile, w));
        }
        double wall = (System.nanoTime() - began) / 1e9;
        String md = markdown(results, profile, requests, prompt, output, seed, wall);
        Path out = Path.of(flags.string("--out", "target/bench-results")).toAbsolutePath();
        Files.createDirectories(out);
        Path file = out.resolve("pd.md");
        Files.writeString(file, md);
        System.out.print(md);
        System.out.println("\nwrote " + file);
    }

    static String markdown(List<PdScenario.Result> results, Profile profile, int requests, int prompt, int output,
                           long seed, double wallSeconds) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Virtual time, profile `%s`, %d requests per run, %d-token random prompts"
                + " (no shared prefix), %d output tokens, Poisson arrivals, seed %d; least-in-flight placement per role;"
                + " PD uses the http connector's sequence with the simulator's KV transfer cost. Wall time %.1f s.%n%n",
                profile.name(), requests, prompt, output, seed, wallSeconds));
        md.append("| rate (req/s) | layout | GPUs | done | TTFT p50 (ms) | TTFT p99 (ms) | ITL p50 (ms) | ITL p99 (ms) "
                + "| ITL p99.9 (ms) | req/s | output tok/s | output tok/s per GPU |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PdScenario.Result r : results) {
            md.append(String.format(Locale.ROOT, "| %.0f | %s | %d | %d | %.0f | %.0f | %.1f | %.1f | %.1f | %.2f | %.0f | %.0f |%n",
                    r.rate(), r.layout(), r.gpus(), r.done(), r.ttftP50Ms(), r.ttftP99Ms(), r.itlP50Ms(), r.itlP99Ms(),
                    r.itlP999Ms(),
                    r.requestsPerSecond(), r.outputTokensPerSecond(), r.outputTokensPerSecond() / r.gpus()));
        }
        return md.toString();
    }
}
