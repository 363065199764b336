package io.llmrouter.sim.cli;

import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.EngineRole;
import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.Profiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of {@code bin/engine-sim}. Parsing fails loudly: an unknown flag, a
 * missing value or a bad number is an {@link IllegalArgumentException} naming the flag and the
 * allowed values, never a silent default.
 *
 * @param options  options of the first instance
 * @param replicas instances on consecutive ports
 * @param faults   fault specification (see {@link FaultSpec}), or empty
 * @param help     print usage and exit
 */
public record CliArgs(EngineOptions options, int replicas, String faults, boolean help) {

    public CliArgs {
        // Checked here, with the rest of the command line: before any listener binds.
        FaultSpec.parse(faults);
    }

    public static final String USAGE = """
        usage: engine-sim --engine vllm|sglang|tgi [options]
          --model NAME            served model name (default deepseek-ai/DeepSeek-R1-Distill-Qwen-7B)
          --port N                first port (default 8000 vllm, 30000 sglang, 3000 tgi; 0 = ephemeral)
          --host ADDR             listen address (default 127.0.0.1)
          --profile P             %s (default h100-7b)
          --kv-blocks N           override the profile's KV capacity in blocks
          --speedup X             run step times X times faster than real time (default 1)
          --seed N                seed of text, hashes and jitter (default 42)
          --lora a,b              LoRA adapters loaded at start (repeatable)
          --max-loras N           LoRA slots (default 4)
          --role both|prefill|decode   PD disaggregation role (default both)
          --replicas K            K instances on consecutive ports (default 1)
          --legacy-metrics        also emit vLLM's pre-0.11 metric names
          --default-max-tokens N  output length when a request sets none (default 16)
          --metrics-port N        extra /metrics-only listener (default 9000 for tgi, as --prometheus-port; -1 = none)
          --faults SPEC           e.g. error-rate=0.1:503,latency=300ms:0.5,cut-stream=3,metrics-delay=2s,metrics-failure,refuse
        """.formatted(Profiles.names());

    public static CliArgs parse(String... args) {
        EngineOptions.Builder builder = EngineOptions.builder();
        List<String> loras = new ArrayList<>();
        EngineKind engine = EngineKind.VLLM;
        Integer port = null;
        Profile profile = Profiles.named(Profiles.DEFAULT);
        int kvBlocks = 0;
        int replicas = 1;
        String faults = "";
        Integer metricsPort = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--help", "-h" -> {
                    return new CliArgs(builder.build(), 1, "", true);
                }
                case "--legacy-metrics" -> builder.legacyMetricNames(true);
                case "--engine" -> engine = choice(EngineKind.class, flag, value(args, ++i, flag));
                case "--model" -> builder.model(value(args, ++i, flag));
                case "--port" -> port = integer(value(args, ++i, flag), flag);
                case "--host" -> builder.host(value(args, ++i, flag));
                case "--profile" -> profile = Profiles.named(value(args, ++i, flag));
                case "--kv-blocks" -> kvBlocks = integer(value(args, ++i, flag), flag);
                case "--speedup" -> builder.speedup(decimal(value(args, ++i, flag), flag));
                case "--seed" -> builder.seed(integer(value(args, ++i, flag), flag));
                case "--lora" -> loras.addAll(List.of(value(args, ++i, flag).split(",")));
                case "--max-loras" -> builder.maxLoras(integer(value(args, ++i, flag), flag));
                case "--role" -> builder.role(choice(EngineRole.class, flag, value(args, ++i, flag)));
                case "--replicas" -> replicas = integer(value(args, ++i, flag), flag);
                case "--default-max-tokens" -> builder.defaultMaxTokens(integer(value(args, ++i, flag), flag));
                case "--faults" -> faults = value(args, ++i, flag);
                case "--metrics-port" -> metricsPort = integer(value(args, ++i, flag), flag);
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'\n" + USAGE);
            }
        }
        if (replicas < 1) {
            throw new IllegalArgumentException("--replicas must be at least 1, got " + replicas);
        }
        int mainPort = port != null ? port : defaultPort(engine);
        builder.engine(engine).port(mainPort)
            .metricsPort(metricsPort != null ? metricsPort : defaultMetricsPort(engine, mainPort))
            .profile(kvBlocks > 0 ? profile.withNumGpuBlocks(kvBlocks) : profile)
            .loras(loras.stream().map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new));
        return new CliArgs(builder.build(), replicas, faults, false);
    }

    /** The engines' own default ports: vLLM 8000, SGLang 30000, TGI launcher 3000. */
    static int defaultPort(EngineKind engine) {
        return switch (engine) {
            case VLLM -> 8000;
            case SGLANG -> 30000;
            case TGI -> 3000;
        };
    }

    /** TGI serves Prometheus on a second port, 9000 by default (ephemeral when the main port is). */
    static int defaultMetricsPort(EngineKind engine, int mainPort) {
        if (engine != EngineKind.TGI) {
            return -1;
        }
        return mainPort == 0 ? 0 : 9000;
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String flag, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = List.of(type.getEnumConstants()).stream()
                .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            throw new IllegalArgumentException(flag + ": unknown value '" + value + "' (allowed: "
                + String.join(", ", allowed) + ")");
        }
    }

    private static int integer(String value, String flag) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs an integer, got '" + value + "'");
        }
    }

    private static double decimal(String value, String flag) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, got '" + value + "'");
        }
    }
}
