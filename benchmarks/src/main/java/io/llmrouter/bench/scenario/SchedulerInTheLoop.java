package io.llmrouter.bench.scenario;

import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.Profiles;
import io.llmrouter.sim.virtual.ScenarioConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints the scheduler-in-the-loop tables of docs/benchmarks.md: every plugin set on the
 * KV-constrained and on the roomy configuration. Virtual time, so the numbers depend only on the seed.
 *
 * <pre>java -cp … io.llmrouter.bench.scenario.SchedulerInTheLoop [seed]</pre>
 */
public final class SchedulerInTheLoop {

    private static final Profile H100 = Profiles.named("h100-7b");

    private SchedulerInTheLoop() {
    }

    /** 8,192 blocks (131k tokens) per replica, 30 req/s: the 64 system prompts fit only when partitioned. */
    public static ScenarioConfig constrained(long seed) {
        return new ScenarioConfig(H100.withNumGpuBlocks(8192), 3, 64, 16, 4096, 128, 256, 30, seed);
    }

    /** The profile's own 61,440 blocks per replica, 80 req/s: room for every prefix everywhere, saturated. */
    public static ScenarioConfig roomy(long seed) {
        return new ScenarioConfig(H100, 3, 64, 16, 4096, 128, 256, 80, seed);
    }

    /** Every plugin set on {@code config}, in table order, keyed by set name. */
    public static Map<String, RoutedResult> runAll(ScenarioConfig config) {
        Map<String, RoutedResult> results = new LinkedHashMap<>();
        for (PluginSet set : PluginSet.all()) {
            results.put(set.name(), RoutedScenario.run(config, set));
        }
        return results;
    }

    public static String table(String title, Map<String, RoutedResult> results) {
        StringBuilder out = new StringBuilder(title).append('\n').append(RoutedResult.tableHeader()).append('\n');
        results.values().forEach(r -> out.append(r.tableRow()).append('\n'));
        return out.toString();
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
        System.out.println(table("h100-7b with 8,192 blocks per replica, 30 req/s, seed " + seed,
                runAll(constrained(seed))));
        System.out.println(table("h100-7b (61,440 blocks per replica), 80 req/s, seed " + seed, runAll(roomy(seed))));
    }
}
