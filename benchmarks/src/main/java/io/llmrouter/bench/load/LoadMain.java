package io.llmrouter.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code bin/bench load}: bench_serving-style load against any OpenAI-compatible URL. Prints the
 * summary and appends one JSON line per run to {@code --output-file}.
 */
public final class LoadMain {

    static final Set<String> VALUED = Set.of("--base-url", "--model", "--api", "--dataset-name", "--num-prompts",
            "--gsp-num-groups", "--gsp-prompts-per-group", "--gsp-system-prompt-len", "--gsp-question-len",
            "--gsp-output-len", "--gsp-range-ratio", "--random-input-len", "--random-output-len",
            "--random-range-ratio", "--request-rate", "--max-concurrency", "--seed", "--output-file",
            "--max-duration-s", "--label", "--time-scale", "--warmup-requests");
    static final Set<String> SWITCHES = Set.of("--no-stream", "--no-progress");

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Flags flags = Flags.parse(args, VALUED, SWITCHES);
            RunReport report = run(flags);
            System.out.print(report.toText());
            String file = flags.string("--output-file", "");
            if (!file.isEmpty()) {
                Files.writeString(Path.of(file), report.toJsonLine() + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("bench load: " + e.getMessage());
            System.exit(2);
        }
    }

    static RunReport run(Flags flags) throws InterruptedException {
        Target target = new Target(URI.create(flags.string("--base-url", "http://127.0.0.1:8080")),
                flags.string("--model", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"),
                flags.oneOf("--api", "completions", List.of("completions", "chat")).equals("chat"),
                !flags.on("--no-stream"));
        String dataset = flags.oneOf("--dataset-name", "generated-shared-prefix",
                List.of("generated-shared-prefix", "random", "fixed"));
        long seed = flags.integer("--seed", 1);
        List<BenchRequest> requests = workload(flags, dataset, seed);
        int concurrency = flags.integer("--max-concurrency", Math.max(1, requests.size()));
        LoadOptions options = new LoadOptions(flags.number("--request-rate", Double.POSITIVE_INFINITY), concurrency,
                seed, Duration.ofSeconds(flags.integer("--max-duration-s", 3600)),
                !flags.on("--no-progress") && LoadOptions.progressWanted(), flags.number("--time-scale", 1));
        warmUp(target, requests, flags.integer("--warmup-requests", 1));
        return new LoadRunner(target, options).run(flags.string("--label", dataset), dataset, requests);
    }

    static List<BenchRequest> workload(Flags flags, String dataset, long seed) {
        return switch (dataset) {
            case "generated-shared-prefix" -> Workloads.generatedSharedPrefix(new Workloads.SharedPrefix(
                    flags.integer("--gsp-num-groups", 64), flags.integer("--gsp-prompts-per-group", 16),
                    flags.integer("--gsp-system-prompt-len", 2048), flags.integer("--gsp-question-len", 128),
                    flags.integer("--gsp-output-len", 256), flags.number("--gsp-range-ratio", 1.0)), seed);
            case "random" -> Workloads.random(flags.integer("--num-prompts", 1000),
                    flags.integer("--random-input-len", 1024), flags.integer("--random-output-len", 128),
                    flags.number("--random-range-ratio", 0.0), seed);
            default -> Workloads.fixed(flags.integer("--num-prompts", 1000), flags.integer("--random-input-len", 1024),
                    flags.integer("--random-output-len", 128), seed);
        };
    }

    /** bench_serving sends one warm-up request (the first of the workload) before measuring; so do we. */
    static void warmUp(Target target, List<BenchRequest> requests, int count) throws InterruptedException {
        if (count < 1 || requests.isEmpty()) {
            return;
        }
        LoadOptions quiet = new LoadOptions(Double.POSITIVE_INFINITY, 1, 1, Duration.ofMinutes(10), false, 1);
        RunReport warm = new LoadRunner(target, quiet).run("warmup", "warmup",
                requests.subList(0, Math.min(count, requests.size())));
        if (warm.failed() > 0) {
            throw new IllegalStateException("warm-up request failed: " + warm.sampleErrors());
        }
    }
}
