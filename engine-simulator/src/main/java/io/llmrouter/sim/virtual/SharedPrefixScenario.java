package io.llmrouter.sim.virtual;

import io.llmrouter.sim.core.EngineObserver;
import io.llmrouter.sim.core.FinishReason;
import io.llmrouter.sim.core.GenerationRequest;
import io.llmrouter.sim.core.SimRequest;
import io.llmrouter.sim.core.TokenSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs a {@link ScenarioConfig} against replicas in virtual time with one {@link Placement}.
 * Prompts are random token ids (as the GSP benchmark draws random vocabulary ids), deterministic
 * under the seed, so two policies see exactly the same requests at the same times.
 */
public final class SharedPrefixScenario {

    private SharedPrefixScenario() {
    }

    /**
     * One request of the workload: its group, arrival time and prompt. Public so that other drivers
     * (a real scheduler in the loop) can replay exactly the requests the placements here see.
     */
    public record Planned(int group, long arrivalNanos, int[] prompt) {
    }

    public static ScenarioResult run(ScenarioConfig config, Placement placement) {
        VirtualTimeLoop loop = new VirtualTimeLoop(config.profile(), config.replicas(), config.seed(), 1);
        long[] prefix = new long[3];
        for (int i = 0; i < loop.size(); i++) {
            loop.core(i).addObserver(new EngineObserver() {
                @Override
                public void prefixLookup(SimRequest request, int queried, int hit) {
                    prefix[0] += queried;
                    prefix[1] += hit;
                }

                @Override
                public void requestPreempted(SimRequest request) {
                    prefix[2]++;
                }
            });
        }
        List<SimRequest> submitted = new ArrayList<>();
        for (Planned planned : plan(config)) {
            loop.at(planned.arrivalNanos(), () -> {
                int replica = placement.choose(planned.group(), config.replicas());
                submitted.add(loop.core(replica).submit(new GenerationRequest("g" + planned.group(), planned.prompt(),
                    config.outputTokens(), FinishReason.LENGTH, null, config.seed(), false, TokenSink.NONE)));
            });
        }
        loop.run();
        return summarise(placement.name(), submitted, prefix, config);
    }

    /** The workload of {@code config}, in arrival order; the same list for the same config (seeded). */
    public static List<Planned> plan(ScenarioConfig config) {
        SplittableRandom random = new SplittableRandom(config.seed());
        List<int[]> systems = new ArrayList<>();
        for (int g = 0; g < config.groups(); g++) {
            systems.add(randomTokens(random, config.systemTokens()));
        }
        List<Integer> groups = new ArrayList<>();
        for (int g = 0; g < config.groups(); g++) {
            for (int p = 0; p < config.promptsPerGroup(); p++) {
                groups.add(g);
            }
        }
        shuffle(groups, random);
        List<Planned> planned = new ArrayList<>();
        double t = 0;
        for (int group : groups) {
            t += -Math.log(1 - random.nextDouble()) / config.requestRate(); // exponential gaps: Poisson arrivals
            int[] system = systems.get(group);
            int[] prompt = Arrays.copyOf(system, system.length + config.questionTokens());
            System.arraycopy(randomTokens(random, config.questionTokens()), 0, prompt, system.length,
                config.questionTokens());
            planned.add(new Planned(group, (long) (t * 1e9), prompt));
        }
        return planned;
    }

    private static int[] randomTokens(SplittableRandom random, int n) {
        return random.ints(n, 256, 151_000).toArray();
    }

    private static void shuffle(List<Integer> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            list.set(j, list.set(i, list.get(j)));
        }
    }

    private static ScenarioResult summarise(String policy, List<SimRequest> requests, long[] prefix,
                                            ScenarioConfig config) {
        long start = requests.stream().mapToLong(SimRequest::arrivalNanos).min().orElse(0);
        long end = requests.stream().mapToLong(SimRequest::finishedNanos).max().orElse(start);
        double seconds = (end - start) / 1e9;
        double[] ttftMs = requests.stream().mapToDouble(r -> (r.firstTokenNanos() - r.arrivalNanos()) / 1e6).sorted()
            .toArray();
        long outputTokens = requests.stream().mapToLong(SimRequest::outputTokens).sum();
        double mean = Arrays.stream(ttftMs).average().orElse(0);
        double p99 = ttftMs.length == 0 ? 0 : ttftMs[(int) Math.ceil(0.99 * ttftMs.length) - 1];
        long done = requests.stream().filter(r -> r.outputTokens() == config.outputTokens()).count();
        return new ScenarioResult(policy, (int) done, seconds, done / seconds, outputTokens / seconds, mean, p99,
            prefix[0] == 0 ? 0 : prefix[1] / (double) prefix[0], prefix[2]);
    }
}
