package io.llmrouter.sim.cli;

import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.EngineRole;
import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.Profiles;
import io.llmrouter.sim.kvevents.KvEventEncoder;
import io.llmrouter.sim.kvevents.KvEventsConfig;
import io.llmrouter.sim.kvevents.VllmBlockHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Command-line options of {@code bin/engine-sim}. Parsing fails loudly: an unknown flag, a
 * missing value or a bad number is an {@link IllegalArgumentException} naming the flag and the
 * allowed values, never a silent default.
 *
 * @param options  options of the first instance
 * @param replicas instances on consecutive ports
 * @param faults   fault specification (see {@link FaultSpec}), or empty
 * @param kvEvents where and how the first instance publishes its KV events (vLLM's
 *                 {@code --kv-events-config}); empty = none. Replica {@code i} gets
 *                 {@link #kvEventsFor(int)}.
 * @param help     print usage and exit
 */
public record CliArgs(EngineOptions options, int replicas, String faults, Optional<KvEventsConfig> kvEvents,
                      boolean help) {

    public CliArgs {
        // Checked here, with the rest of the command line: before any listener binds.
        FaultSpec.parse(faults);
    }

    /**
     * Replica {@code i}'s KV-event endpoints: the first instance's ports plus {@code i}, as vLLM
     * offsets them by data-parallel rank ({@code :*} stays a free port each).
     */
    public Optional<KvEventsConfig> kvEventsFor(int replica) {
        return kvEvents.map(c -> new KvEventsConfig(offset(c.endpoint(), replica),
            c.replayEndpoint() == null ? null : offset(c.replayEndpoint(), replica), c.topic(), c.encoding(),
            c.intHashes(), c.seed()));
    }

    static String offset(String endpoint, int by) {
        int colon = endpoint.lastIndexOf(':');
        String port = endpoint.substring(colon + 1);
        if (by == 0 || port.equals("*") || port.equals("0")) {
            return endpoint;
        }
        return endpoint.substring(0, colon + 1) + (Integer.parseInt(port) + by);
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
        KV events (vLLM's --kv-events-config; vllm and sglang only):
          --kv-events-endpoint tcp://HOST:PORT   publish the block cache's changes on a ZMQ PUB socket bound there
                                  ([topic, seq, msgpack EventBatch]; PORT * = a free one; replica i: PORT + i)
          --kv-events-replay-endpoint tcp://HOST:PORT   also a ROUTER replay socket (replica i: PORT + i)
          --kv-events-encoding map|array   map = current vLLM (default for vllm), array = legacy vLLM / SGLang (default for sglang)
          --kv-events-topic T     topic frame (default "", vLLM's)
          --kv-events-hashes int|bytes     block hashes as 64-bit ints (default, VLLM_KV_EVENTS_USE_INT_BLOCK_HASHES=1) or raw bytes
          --kv-events-seed S      NONE_HASH seed of the sha256_cbor block hashes (default %s)
        """.formatted(Profiles.names(), VllmBlockHash.DEFAULT_SEED);

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
        String kvEndpoint = null;
        String kvReplay = null;
        KvEventEncoder.Encoding kvEncoding = null;
        String kvTopic = "";
        boolean kvIntHashes = true;
        String kvSeed = VllmBlockHash.DEFAULT_SEED;
        boolean kvOptions = false;
        for (int i = 0; i < args.length; i++) {
            kvOptions |= args[i].startsWith("--kv-events-");
            String flag = args[i];
            switch (flag) {
                case "--help", "-h" -> {
                    return new CliArgs(builder.build(), 1, "", Optional.empty(), true);
                }
                case "--kv-events-endpoint" -> kvEndpoint = endpoint(value(args, ++i, flag), flag);
                case "--kv-events-replay-endpoint" -> kvReplay = endpoint(value(args, ++i, flag), flag);
                case "--kv-events-encoding" -> kvEncoding = choice(KvEventEncoder.Encoding.class, flag, value(args, ++i, flag));
                case "--kv-events-topic" -> kvTopic = value(args, ++i, flag);
                case "--kv-events-hashes" -> {
                    String hashes = value(args, ++i, flag);
                    if (!hashes.equals("int") && !hashes.equals("bytes")) {
                        throw new IllegalArgumentException(flag + ": unknown value '" + hashes + "' (allowed: int, bytes)");
                    }
                    kvIntHashes = hashes.equals("int");
                }
                case "--kv-events-seed" -> kvSeed = value(args, ++i, flag);
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
        Optional<KvEventsConfig> kvEvents = Optional.empty();
        if (kvEndpoint != null) {
            if (engine == EngineKind.TGI) {
                throw new IllegalArgumentException("--kv-events-endpoint: TGI publishes no KV events (vllm and sglang do)");
            }
            KvEventEncoder.Encoding encoding = kvEncoding != null ? kvEncoding
                : engine == EngineKind.SGLANG ? KvEventEncoder.Encoding.ARRAY : KvEventEncoder.Encoding.MAP;
            kvEvents = Optional.of(new KvEventsConfig(kvEndpoint, kvReplay, kvTopic, encoding, kvIntHashes, kvSeed));
        } else if (kvOptions) {
            throw new IllegalArgumentException("the --kv-events-* options need --kv-events-endpoint tcp://HOST:PORT");
        }
        int mainPort = port != null ? port : defaultPort(engine);
        builder.engine(engine).port(mainPort)
            .metricsPort(metricsPort != null ? metricsPort : defaultMetricsPort(engine, mainPort))
            .profile(kvBlocks > 0 ? profile.withNumGpuBlocks(kvBlocks) : profile)
            .loras(loras.stream().map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new));
        return new CliArgs(builder.build(), replicas, faults, kvEvents, false);
    }

    /** {@code tcp://HOST:PORT} with a numeric port or {@code *}: what the publisher can bind. */
    private static String endpoint(String value, String flag) {
        int colon = value.lastIndexOf(':');
        String port = colon < 0 ? "" : value.substring(colon + 1);
        boolean numeric = !port.isEmpty() && port.chars().allMatch(Character::isDigit) && port.length() <= 5
            && Integer.parseInt(port) <= 65535;
        if (!value.startsWith("tcp://") || colon <= "tcp://".length() || !(numeric || port.equals("*"))) {
            throw new IllegalArgumentException(flag + " needs tcp://HOST:PORT (PORT a number or *), got '" + value + "'");
        }
        return value;
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
