package io.llmrouter.bench.routing;

import io.llmrouter.bench.scenario.ClientLoop;
import io.llmrouter.bench.scenario.Placer;
import io.llmrouter.bench.scenario.PluginSet;
import io.llmrouter.bench.scenario.Workload;
import java.util.List;
import java.util.Locale;

/**
 * The fit behind {@link BlogProfile}: Random and the group-affinity oracle on the blog's long-prompt
 * workload at the blog's scale, for given constants. Run by hand (docs/benchmarks.md):
 * <pre>java -cp … io.llmrouter.bench.routing.BlogFit fit [BLOCKS,… [STEP_SCALE,…]]   (the grid search)
java -cp … io.llmrouter.bench.routing.BlogFit BLOCKS PREFILL_TOK_S STEP_SCALE [DIVISOR [PROMPTS_PER_GROUP]]</pre>
 */
public final class BlogFit {

    private BlogFit() {
    }

    /** Both rows at the blog's scale: {random, oracle}. */
    static ClientLoop.Result[] rows(int blocks, double prefill, double scale, int divisor, int ppg) {
        RoutingScale s = RoutingScale.ofBlog(divisor, ppg, 256, 1);
        ClientLoop.Config config = new ClientLoop.Config(BlogProfile.of(blocks / divisor, prefill, scale), 3, 1,
                s.maxConcurrency(), s.requestRate(), 1);
        Workload w = RoutingWorkloads.blog(s, Variant.LONG, 1);
        return new ClientLoop.Result[] {ClientLoop.run(config, w, PluginSet.named(PluginSet.RANDOM)),
                ClientLoop.run(config, w, new PluginSet("oracle", seed -> Placer.groupAffinity()))};
    }

    /**
     * The fit: for each KV capacity and each ratio of step cost to prefill cost on the grid, one run at
     * 24,000 prefill tokens/s gives Random's and the oracle's throughput; scaling every cost by one
     * factor k scales every throughput by k (the client is saturated: 8,192 requests arrive in 10 s and
     * wait for one of 300 slots), so the best k puts the two rows' log errors symmetric about zero.
     * The grid point with the smallest remaining error wins; the result is then checked by a run.
     */
    static void fit(int[] capacities, double[] scales) {
        double best = Double.MAX_VALUE;
        double[] chosen = null;
        for (int blocks : capacities) {
            for (double s : scales) {
                ClientLoop.Result[] rows = rows(blocks, 24_000, s, 1, 32);
                double lr = Math.log(rows[0].requestsPerSecond() / 11.81);
                double lo = Math.log(rows[1].requestsPerSecond() / 32.22);
                double k = Math.exp(-(lr + lo) / 2);
                double err = Math.abs(lr - lo) / 2;
                System.out.printf(Locale.ROOT, "blocks %d S %.3f: random %.2f (hit %.1f%%, %d preemptions), oracle %.2f"
                                + " (hit %.1f%%, %d), oracle/random %.2f (blog 2.73); k %.3f leaves ±%.1f%%%n", blocks, s,
                        rows[0].requestsPerSecond(), 100 * rows[0].prefixHitRate(), rows[0].preemptions(),
                        rows[1].requestsPerSecond(), 100 * rows[1].prefixHitRate(), rows[1].preemptions(),
                        rows[1].requestsPerSecond() / rows[0].requestsPerSecond(), k, 100 * (Math.exp(err) - 1));
                if (err < best) {
                    best = err;
                    chosen = new double[] {blocks, 24_000 * k, s / k};
                }
            }
        }
        ClientLoop.Result[] rows = rows((int) chosen[0], chosen[1], chosen[2], 1, 32);
        System.out.printf(Locale.ROOT, "FIT blocks %.0f prefill %.0f tok/s step scale %.4f: random %.2f (blog 11.81),"
                        + " oracle %.2f (blog 32.22)%n", chosen[0], chosen[1], chosen[2], rows[0].requestsPerSecond(),
                rows[1].requestsPerSecond());
    }

    public static void main(String[] args) {
        if (args[0].equals("fit")) {
            // the grid of docs/benchmarks.md: first coarse, then around the best point
            int[] caps = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                    : new int[] {24_576, 32_768, 49_152, 61_440, 98_304};
            double[] scales = args.length > 2 ? java.util.Arrays.stream(args[2].split(",")).mapToDouble(Double::parseDouble)
                    .toArray() : new double[] {0.02, 0.1, 0.3, 1.0};
            fit(caps, scales);
            return;
        }
        int divisor = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int ppg = args.length > 4 ? Integer.parseInt(args[4]) : 32;
        RoutingScale scale = RoutingScale.ofBlog(divisor, ppg, 256, 1);
        int blocks = Integer.parseInt(args[0]) / divisor;
        ClientLoop.Config config = new ClientLoop.Config(BlogProfile.of(blocks, Double.parseDouble(args[1]),
                Double.parseDouble(args[2])), 3, 1, scale.maxConcurrency(), scale.requestRate(), 1);
        Workload w = RoutingWorkloads.blog(scale, Variant.LONG, 1);
        for (PluginSet set : List.of(PluginSet.named(PluginSet.RANDOM), new PluginSet("oracle", seed -> Placer.groupAffinity()))) {
            long t0 = System.nanoTime();
            ClientLoop.Result r = ClientLoop.run(config, w, set);
            System.out.printf(Locale.ROOT, "%s: %.2f req/s, latency %.2f s, TTFT %.2f s, hit %.1f%%, preempt %d (%.1f s wall)%n",
                    r.policy(), r.requestsPerSecond(), r.meanLatencyMs() / 1000, r.meanTtftMs() / 1000,
                    100 * r.prefixHitRate(), r.preemptions(), (System.nanoTime() - t0) / 1e9);
        }
    }
}
