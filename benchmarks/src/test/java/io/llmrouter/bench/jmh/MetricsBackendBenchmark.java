package io.llmrouter.bench.jmh;

import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.MetricsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The metrics a router records per request (the updates of {@code RequestMetrics} and
 * {@code SchedulingMetrics}: 4 counters, 7 histogram timers with the router's bucket counts, label
 * sets rotating over 8 combinations), through three backends:
 * <ul>
 *   <li>{@code micrometerCached}: today's code: Micrometer meters on a {@code PrometheusMeterRegistry},
 *       resolved once per label set through a map;</li>
 *   <li>{@code helidonApiCached}: the same through Helidon's metrics API with the Micrometer provider
 *       ({@code helidon-metrics-providers-micrometer}), meters cached the same way;</li>
 *   <li>{@code helidonApiGetOrCreate}: the Helidon API used as its documentation shows, a
 *       {@code getOrCreate(builder)} per update.</li>
 * </ul>
 * The HTTP side (the observe feature's per-request filter) is {@link ObserveHttpBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsBackendBenchmark {

    private static final int LABEL_SETS = 8;
    private static final Duration[] LATENCY = durations(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);
    private static final Duration[] SCHEDULING = durations(0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05);
    private static final Duration[] PARSE = durations(0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.1, 1);

    private PrometheusMeterRegistry micrometer;
    private io.helidon.metrics.api.MeterRegistry helidon;
    private final ConcurrentHashMap<Integer, MicrometerMeters> micrometerMeters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, HelidonMeters> helidonMeters = new ConcurrentHashMap<>();
    private int next;

    @Setup
    public void setUp() {
        micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        helidon = io.helidon.metrics.api.MeterRegistry.create(MetricsConfig.create());
    }

    @TearDown
    public void tearDown() {
        micrometer.close();
        helidon.close();
    }

    @Benchmark
    public Object micrometerCached() {
        int key = next++ & (LABEL_SETS - 1);
        MicrometerMeters m = micrometerMeters.computeIfAbsent(key, k -> new MicrometerMeters(micrometer, k));
        m.record(key);
        return m;
    }

    @Benchmark
    public Object helidonApiCached() {
        int key = next++ & (LABEL_SETS - 1);
        HelidonMeters m = helidonMeters.computeIfAbsent(key, k -> new HelidonMeters(helidon, k));
        m.record(key);
        return m;
    }

    @Benchmark
    public Object helidonApiGetOrCreate() {
        int key = next++ & (LABEL_SETS - 1);
        HelidonMeters m = new HelidonMeters(helidon, key);
        m.record(key);
        return m;
    }

    private static String[] labels(int key) {
        return new String[] {"model", "m" + (key & 1), "path", "/v1/completions", "status_code", key < 6 ? "200" : "503",
            "model_route", "default/r", "backend_type", "model_server", "backend_name", "default/s" + (key & 3),
            "upstream_model", "model-x"};
    }

    private static Duration[] durations(double... seconds) {
        Duration[] out = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            out[i] = Duration.ofNanos((long) (seconds[i] * 1e9));
        }
        return out;
    }

    /** One label set's meters, Micrometer directly. */
    private static final class MicrometerMeters {
        final Counter requests;
        final Counter tokensIn;
        final Counter tokensOut;
        final Counter upstream;
        final List<Timer> timers = new ArrayList<>();

        MicrometerMeters(io.micrometer.core.instrument.MeterRegistry r, int key) {
            String[] tags = labels(key);
            requests = Counter.builder("kthena_router_requests").tags(tags).tag("error_type", "ok").register(r);
            tokensIn = Counter.builder("kthena_router_tokens").tags(tags).tag("token_type", "input").register(r);
            tokensOut = Counter.builder("kthena_router_tokens").tags(tags).tag("token_type", "output").register(r);
            upstream = Counter.builder("llm_router_upstream_responses").tag("model_server", tags[11])
                    .tag("status_code", tags[5]).tag("result", "relayed").register(r);
            timers.add(Timer.builder("kthena_router_request_duration").tags(tags).serviceLevelObjectives(LATENCY).register(r));
            timers.add(Timer.builder("kthena_router_request_prefill_duration").tags(tags[0], tags[1], tags[2], tags[3])
                    .serviceLevelObjectives(LATENCY).register(r));
            timers.add(Timer.builder("kthena_router_request_decode_duration").tags(tags[0], tags[1], tags[2], tags[3])
                    .serviceLevelObjectives(LATENCY).register(r));
            timers.add(Timer.builder("llm_router_request_parse_duration").tag("path", tags[3])
                    .serviceLevelObjectives(PARSE).register(r));
            timers.add(Timer.builder("llm_router_scheduler_decision_duration").tag("model", tags[1])
                    .serviceLevelObjectives(SCHEDULING).register(r));
            for (String plugin : new String[] {"least-request", "prefix-cache"}) {
                timers.add(Timer.builder("kthena_router_scheduler_plugin_duration").tag("model", tags[1])
                        .tag("plugin", plugin).tag("type", "score").serviceLevelObjectives(SCHEDULING).register(r));
            }
        }

        void record(int key) {
            requests.increment();
            tokensIn.increment(120 + key);
            tokensOut.increment(30);
            upstream.increment();
            long nanos = 1_000_000L * (key + 1);
            for (Timer t : timers) {
                t.record(nanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** The same meters through Helidon's metrics API. */
    private static final class HelidonMeters {
        final io.helidon.metrics.api.Counter requests;
        final io.helidon.metrics.api.Counter tokensIn;
        final io.helidon.metrics.api.Counter tokensOut;
        final io.helidon.metrics.api.Counter upstream;
        final List<io.helidon.metrics.api.Timer> timers = new ArrayList<>();

        HelidonMeters(io.helidon.metrics.api.MeterRegistry r, int key) {
            String[] t = labels(key);
            Iterable<io.helidon.metrics.api.Tag> tags = Metrics.tags(t);
            requests = r.getOrCreate(io.helidon.metrics.api.Counter.builder("kthena_router_requests")
                    .tags(Metrics.tags(append(t, "error_type", "ok"))));
            tokensIn = r.getOrCreate(io.helidon.metrics.api.Counter.builder("kthena_router_tokens")
                    .tags(Metrics.tags(append(t, "token_type", "input"))));
            tokensOut = r.getOrCreate(io.helidon.metrics.api.Counter.builder("kthena_router_tokens")
                    .tags(Metrics.tags(append(t, "token_type", "output"))));
            upstream = r.getOrCreate(io.helidon.metrics.api.Counter.builder("llm_router_upstream_responses")
                    .tags(Metrics.tags("model_server", t[11], "status_code", t[5], "result", "relayed")));
            timers.add(r.getOrCreate(io.helidon.metrics.api.Timer.builder("kthena_router_request_duration").tags(tags)
                    .buckets(LATENCY)));
            timers.add(r.getOrCreate(io.helidon.metrics.api.Timer.builder("kthena_router_request_prefill_duration")
                    .tags(Metrics.tags(t[0], t[1], t[2], t[3])).buckets(LATENCY)));
            timers.add(r.getOrCreate(io.helidon.metrics.api.Timer.builder("kthena_router_request_decode_duration")
                    .tags(Metrics.tags(t[0], t[1], t[2], t[3])).buckets(LATENCY)));
            timers.add(r.getOrCreate(io.helidon.metrics.api.Timer.builder("llm_router_request_parse_duration")
                    .tags(Metrics.tags("path", t[3])).buckets(PARSE)));
            timers.add(r.getOrCreate(io.helidon.metrics.api.Timer.builder("llm_router_scheduler_decision_duration")
                    .tags(Metrics.tags("model", t[1])).buckets(SCHEDULING)));
            for (String plugin : new String[] {"least-request", "prefix-cache"}) {
                timers.add(r.getOrCreate(io.helidon.metrics.api.Timer.builder("kthena_router_scheduler_plugin_duration")
                        .tags(Metrics.tags("model", t[1], "plugin", plugin, "type", "score")).buckets(SCHEDULING)));
            }
        }

        private static String[] append(String[] tags, String name, String value) {
            String[] out = java.util.Arrays.copyOf(tags, tags.length + 2);
            out[tags.length] = name;
            out[tags.length + 1] = value;
            return out;
        }

        void record(int key) {
            requests.increment();
            tokensIn.increment(120 + key);
            tokensOut.increment(30);
            upstream.increment();
            long nanos = 1_000_000L * (key + 1);
            for (io.helidon.metrics.api.Timer t : timers) {
                t.record(nanos, TimeUnit.NANOSECONDS);
            }
        }
    }
}
