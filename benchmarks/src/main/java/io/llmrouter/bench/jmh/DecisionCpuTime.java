package io.llmrouter.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The decision benchmark's fixture timed in thread CPU time instead of wall time: on a small,
 * shared machine a wall-clock p99 mostly measures how often the OS took the core away, whereas CPU
 * time counts only the decision's own work (cache misses included). A complement to the JMH
 * figures, not a replacement: no forks, one warm JVM, the clock read costs about 0.1–0.5 µs per sample.
 *
 * <pre>java -cp … io.llmrouter.bench.jmh.DecisionCpuTime</pre>
 */
public final class DecisionCpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DecisionCpuTime() {
    }

    /** Percentiles (µs) of {@code samples} decisions after {@code warmup} unmeasured ones. */
    static double[] percentiles(int pods, int promptTokens, int warmup, int samples, double... quantiles) {
        DecisionBenchmark fixture = new DecisionBenchmark();
        fixture.pods = pods;
        fixture.promptTokens = promptTokens;
        fixture.setUp();
        for (int i = 0; i < warmup; i++) {
            fixture.decision();
        }
        long[] cpu = new long[samples];
        for (int i = 0; i < samples; i++) {
            long start = THREADS.getCurrentThreadCpuTime();
            fixture.decision();
            cpu[i] = THREADS.getCurrentThreadCpuTime() - start;
        }
        Arrays.sort(cpu);
        double[] result = new double[quantiles.length];
        for (int q = 0; q < quantiles.length; q++) {
            result[q] = cpu[(int) Math.ceil(quantiles[q] * samples) - 1] / 1e3;
        }
        return result;
    }

    public static void main(String[] args) {
        System.out.println("| pods | prompt tokens | CPU p50 (µs) | CPU p99 (µs) | CPU p99.9 (µs) |\n|---|---|---|---|---|");
        for (int pods : new int[] {8, 64, 512, 4096}) {
            for (int tokens : new int[] {1024, 32768}) {
                int samples = pods >= 4096 ? 1_000 : pods >= 512 ? 10_000 : 100_000;
                double[] p = percentiles(pods, tokens, samples, samples, 0.5, 0.99, 0.999);
                System.out.printf(Locale.ROOT, "| %,d | %,d | %.1f | %.1f | %.1f |%n", pods, tokens, p[0], p[1], p[2]);
            }
        }
    }
}
