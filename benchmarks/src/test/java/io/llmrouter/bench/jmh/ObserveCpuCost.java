package io.llmrouter.bench.jmh;

import java.lang.management.ManagementFactory;

/**
 * The observe feature's per-request cost as CPU time rather than wall time: on a busy machine other
 * processes stretch the wall clock of both variants alike, while this process' CPU time per request
 * (client and server, the client's share equal in both) still shows what the feature adds. Rounds
 * alternate plain and observed so drift hits both.
 *
 * <pre>java -cp (as for {@link ObserveHttpBenchmark}) io.llmrouter.bench.jmh.ObserveCpuCost [requests per round]</pre>
 */
public final class ObserveCpuCost {

    private ObserveCpuCost() {
    }

    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ObserveHttpBenchmark[] servers = {server("plain"), server("observed")};
        for (ObserveHttpBenchmark s : servers) {
            for (int i = 0; i < 3 * perRound; i++) {
                s.request();
            }
        }
        long[][] cpu = new long[2][];
        cpu[0] = new long[7];
        cpu[1] = new long[7];
        for (int round = 0; round < 7; round++) {
            for (int which = 0; which < 2; which++) {
                ObserveHttpBenchmark s = servers[round % 2 == 0 ? which : 1 - which];
                int slot = round % 2 == 0 ? which : 1 - which;
                long start = os.getProcessCpuTime();
                for (int i = 0; i < perRound; i++) {
                    s.request();
                }
                cpu[slot][round] = (os.getProcessCpuTime() - start) / perRound;
            }
        }
        for (ObserveHttpBenchmark s : servers) {
            s.tearDown();
        }
        System.out.println("CPU ns per request, 7 rounds of " + perRound + ":");
        System.out.println("plain    " + summary(cpu[0]));
        System.out.println("observed " + summary(cpu[1]));
    }

    private static ObserveHttpBenchmark server(String kind) throws Exception {
        ObserveHttpBenchmark b = new ObserveHttpBenchmark();
        b.server = kind;
        b.setUp();
        return b;
    }

    private static String summary(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return "median " + sorted[sorted.length / 2] + "  min " + sorted[0] + "  max " + sorted[sorted.length - 1]
                + "  all " + java.util.Arrays.toString(values);
    }
}
