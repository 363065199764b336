package io.llmrouter.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * {@code bin/bench load}: bench_serving-style load against any OpenAI-compatible URL. Prints the
 * summary and appends one JSON line per run to {@code --output-file}.
 */
public final class LoadMain {

    public static final List<Flags.Spec> FLAGS = List.of(
            Flags.Spec.valued("--base-url", "URL", "http://127.0.0.1:8080", "server to load (OpenAI-compatible)"),
            Flags.Spec.valued("--model", "NAME", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "model field of each request"),
            Flags.Spec.valued("--api", "completions|chat", "completions", "/v1/completions or /v1/chat/completions"),
            Flags.Spec.valued("--dataset-name", "generated-shared-prefix|random|fixed", "generated-shared-prefix",
                    "workload, as SGLang's bench_serving names them"),
            Flags.Spec.valued("--num-prompts", "N", "1000", "requests (random and fixed)"),
            Flags.Spec.valued("--gsp-num-groups", "N", "64", "shared-prefix groups"),
            Flags.Spec.valued("--gsp-prompts-per-group", "N", "16", "requests per group"),
            Flags.Spec.valued("--gsp-system-prompt-len", "N", "2048", "shared system prompt, tokens"),
            Flags.Spec.valued("--gsp-question-len", "N", "128", "question after the prefix, tokens"),
            Flags.Spec.valued("--gsp-output-len", "N", "256", "max_tokens per shared-prefix request"),
            Flags.Spec.valued("--gsp-range-ratio", "X", "1.0", "lengths drawn from [X*len, len]"),
            Flags.Spec.valued("--random-input-len", "N", "1024", "prompt tokens (random and fixed)"),
            Flags.Spec.valued("--random-output-len", "N", "128", "max_tokens (random and fixed)"),
            Flags.Spec.valued("--random-range-ratio", "X", "0.0", "lengths drawn from [X*len, len] (random)"),
            Flags.Spec.valued("--request-rate", "R|inf", "inf", "Poisson arrivals per second; inf sends all at once"),
            Flags.Spec.valued("--max-concurrency", "N", "all requests", "requests in flight at most"),
            Flags.Spec.valued("--seed", "N", "1", "seed of prompts and arrivals"),
            Flags.Spec.valued("--output-file", "FILE", "none", "append the run as one JSON line to FILE"),
            Flags.Spec.valued("--max-duration-s", "S", "3600", "stop sending after S seconds"),
            Flags.Spec.valued("--label", "TEXT", "the dataset name", "name of the run in the report"),
            Flags.Spec.valued("--time-scale", "X", "1", "wall-to-model time factor for the report (simulator speed-up)"),
            Flags.Spec.valued("--warmup-requests", "N", "1", "requests sent before measuring"),
            Flags.Spec.toggle("--no-stream", "ask for whole responses instead of SSE streams"),
            Flags.Spec.toggle("--no-progress", "no progress bar on stderr"));

    static final String HELP = Flags.help("load", "bench_serving-style load against any OpenAI-compatible URL:"
            + " throughput, TTFT, TPOT and latency percentiles.", FLAGS, "the summary on stdout; with --output-file,"
            + " one JSON line appended to that file (its path is printed)");

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        if (Flags.wantsHelp(args)) {
            System.out.print(HELP);
            return;
        }
        try {
            Flags flags = Flags.parse(args, FLAGS);
            RunReport report = run(flags);
            System.out.print(report.toText());
            String file = flags.string("--output-file", "");
            if (!file.isEmpty()) {
                Files.writeString(Path.of(file), report.toJsonLine() + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                System.out.println("written: one JSON line appended to " + Path.of(file).toAbsolutePath());
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
