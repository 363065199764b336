package io.llmrouter.bench;

import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.Profiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How many concurrent SSE streams and events per second one simulator instance sustains.
 *
 * <p>Starts one vLLM simulator in this JVM and opens {@code --streams} streaming completions at
 * once over loopback (raw sockets on virtual threads), each asking for {@code --tokens} tokens.
 * Client and server share the machine's cores, as they would when a router is measured.
 * <ul>
 *   <li>{@code --mode burst}: the {@code instant} profile, so the engine produces tokens as fast
 *       as it can and the HTTP layer is the only limit: measures the maximum event rate.</li>
 *   <li>{@code --mode paced}: every decode step takes {@code --itl-ms} (default 100 ms), so each
 *       stream gets 1000/itl events per second: checks that all streams stay open at once and keep
 *       pace (2,000 streams at 100 ms = 20,000 events/s).</li>
 * </ul>
 * Usage: {@code SimulatorThroughput [--mode burst|paced] [--streams 2000] [--tokens 200] [--itl-ms 100]}
 */
public final class SimulatorThroughput {

    /** The result of one run. */
    /**
     * @param steadySeconds         how long every stream was open at once (0 if never)
     * @param steadyEventsPerSecond event rate while every stream was open
     */
    public record Report(String mode, int streams, int completed, int peakConcurrent, long events,
                         double seconds, double eventsPerSecond, double steadySeconds, double steadyEventsPerSecond,
                         double p50StreamSeconds, double p99StreamSeconds) {

        public String line() {
            return String.format(Locale.ROOT, "mode=%s streams=%d completed=%d peak_concurrent=%d events=%d "
                + "seconds=%.2f events_per_s=%.0f all_open_s=%.2f all_open_events_per_s=%.0f stream_p50_s=%.2f "
                + "stream_p99_s=%.2f", mode, streams, completed, peakConcurrent, events, seconds, eventsPerSecond,
                steadySeconds, steadyEventsPerSecond, p50StreamSeconds, p99StreamSeconds);
        }
    }

    private SimulatorThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String mode = option(args, "--mode", "burst");
        int streams = Integer.parseInt(option(args, "--streams", "2000"));
        int tokens = Integer.parseInt(option(args, "--tokens", "200"));
        double itlMs = Double.parseDouble(option(args, "--itl-ms", "100"));
        System.out.println(run(mode, streams, tokens, itlMs).line());
    }

    public static Report run(String mode, int streams, int tokens, double itlMs) throws Exception {
        Profile profile = switch (mode) {
            case "burst" -> Profiles.named("instant");
            case "paced" -> pacedProfile(itlMs);
            default -> throw new IllegalArgumentException("unknown mode '" + mode + "' (allowed: burst, paced)");
        };
        try (SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().profile(profile)
            .recordedLimit(0).build())) {
            return drive(mode, engine.port(), streams, tokens);
        }
    }

    /** Every step costs exactly itl-ms (a fixed decode cost), room for 8,192 sequences. */
    static Profile pacedProfile(double itlMs) {
        return new Profile("paced-" + itlMs + "ms", 16, 200_000, 8192, 65_536, 131_072, 0, Double.POSITIVE_INFINITY,
            itlMs, 0, 0, 3.35e12, 0.75, 0, 0, Double.POSITIVE_INFINITY, 0);
    }

    private static Report drive(String mode, int port, int streams, int tokens) throws Exception {
        SseStreamClient.Concurrency concurrency = new SseStreamClient.Concurrency();
        String body = "{\"prompt\":\"benchmark stream\",\"max_tokens\":" + tokens + ",\"stream\":true}";
        List<Future<SseStreamClient.Outcome>> futures = new ArrayList<>(streams);
        long start = System.nanoTime();
        SteadyWindow window = new SteadyWindow(concurrency, streams);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            pool.submit(window);
            for (int i = 0; i < streams; i++) {
                futures.add(pool.submit(() -> SseStreamClient.stream(port, "/v1/completions", body, concurrency)));
            }
            for (Future<SseStreamClient.Outcome> future : futures) {
                future.get();
            }
            window.stop();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long events = 0;
        int completed = 0;
        double[] durations = new double[streams];
        for (int i = 0; i < streams; i++) {
            SseStreamClient.Outcome outcome = futures.get(i).get();
            events += outcome.events();
            completed += outcome.done() ? 1 : 0;
            durations[i] = (outcome.lastEventNanos() - start) / 1e9;
        }
        Arrays.sort(durations);
        return new Report(mode, streams, completed, concurrency.peak(), events, seconds, events / seconds,
            window.seconds(), window.eventsPerSecond(),
            durations[streams / 2], durations[(int) Math.ceil(streams * 0.99) - 1]);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
