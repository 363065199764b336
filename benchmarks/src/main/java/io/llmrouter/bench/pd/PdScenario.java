package io.llmrouter.bench.pd;

import io.llmrouter.sim.core.EngineCore;
import io.llmrouter.sim.core.FinishReason;
import io.llmrouter.sim.core.GenerationRequest;
import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.SimRequest;
import io.llmrouter.sim.core.TokenSink;
import io.llmrouter.sim.virtual.VirtualTimeLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One layout under one long-prompt workload, in virtual time (no HTTP, deterministic per seed):
 * {@code prefill} prefill replicas and {@code decode} decode replicas, or, with {@code prefill} 0,
 * {@code decode} aggregated replicas. Placement is least-in-flight per role, the router's
 * {@code least-request} with fresh counts.
 *
 * <p>A PD request follows the {@code http} connector's sequence: the prompt on a prefill replica
 * with one output token; when that finishes, its KV cache moves to a decode replica (the
 * simulator's transfer cost: prompt blocks times KV bytes per token over the link bandwidth), which
 * computes the last prompt token and generates the answer. The client's first token is the decode
 * replica's first token, so TTFT includes the prefill, its queue and the transfer.
 */
final class PdScenario {

    /** The workload: {@code requests} Poisson arrivals at {@code rate}/s, random prompts, fixed output. */
    record Workload(int requests, double rate, int promptTokens, int outputTokens, long seed) {
    }

    record Result(String layout, int gpus, double rate, int done, double seconds, double requestsPerSecond,
                  double outputTokensPerSecond, double ttftP50Ms, double ttftP99Ms, double itlP50Ms, double itlP99Ms,
                  double itlP999Ms) {
    }

    private PdScenario() {
    }

    static Result run(String layout, int prefill, int decode, Profile profile, Workload w) {
        VirtualTimeLoop loop = new VirtualTimeLoop(profile, prefill + decode, w.seed(), 1);
        int[] active = new int[prefill + decode];
        List<long[]> tokenTimes = new ArrayList<>();
        long[] arrivals = new long[w.requests()];
        SplittableRandom random = new SplittableRandom(w.seed());
        double t = 0;
        for (int i = 0; i < w.requests(); i++) {
            t += -Math.log(1 - random.nextDouble()) / w.rate();
            arrivals[i] = (long) (t * 1e9);
            int[] prompt = random.ints(w.promptTokens(), 256, 151_000).toArray();
            long[] times = new long[w.outputTokens()];
            Arrays.fill(times, -1);
            tokenTimes.add(times);
            int id = i;
            loop.at(arrivals[i], () -> {
                if (prefill == 0) {
                    submit(loop, active, least(active, 0, decode), id, prompt, w.outputTokens(), false, times, null);
                } else {
                    int p = least(active, 0, prefill);
                    submit(loop, active, p, id, prompt, 1, false, null, () -> {
                        EngineCore core = loop.core(p);
                        int block = profile.blockSize();
                        long transfer = core.timing().kvTransferNanos((prompt.length + block - 1) / block * block);
                        loop.at(loop.clock().nowNanos() + transfer, () -> submit(loop, active,
                                least(active, prefill, prefill + decode), id, prompt, w.outputTokens(), true, times, null));
                    });
                }
            });
        }
        loop.run();
        return summarise(layout, prefill + decode, w, arrivals, tokenTimes);
    }

    private static void submit(VirtualTimeLoop loop, int[] active, int replica, int id, int[] prompt, int maxTokens,
                               boolean transferred, long[] times, Runnable onFinish) {
        active[replica]++;
        loop.core(replica).submit(new GenerationRequest("r" + id, prompt, maxTokens, FinishReason.LENGTH, null, id,
                transferred, new TokenSink() {
                    @Override
                    public void onToken(SimRequest request, int index, int tokenId, String text) {
                        if (times != null && index < times.length) {
                            times[index] = loop.clock().nowNanos();
                        }
                    }

                    @Override
                    public void onFinish(SimRequest request, FinishReason reason) {
                        active[replica]--;
                        if (onFinish != null) {
                            onFinish.run();
                        }
                    }
                }));
    }

    /** The replica in [from, to) with the fewest requests in flight; the first on a tie. */
    private static int least(int[] active, int from, int to) {
        int best = from;
        for (int i = from + 1; i < to; i++) {
            if (active[i] < active[best]) {
                best = i;
            }
        }
        return best;
    }

    private static Result summarise(String layout, int gpus, Workload w, long[] arrivals, List<long[]> tokenTimes) {
        List<Double> ttft = new ArrayList<>();
        List<Double> itl = new ArrayList<>();
        long end = 0;
        long outputTokens = 0;
        int done = 0;
        for (int i = 0; i < arrivals.length; i++) {
            long[] times = tokenTimes.get(i);
            if (times[times.length - 1] < 0) {
                continue;
            }
            done++;
            ttft.add((times[0] - arrivals[i]) / 1e6);
            for (int k = 1; k < times.length; k++) {
                itl.add((times[k] - times[k - 1]) / 1e6);
            }
            end = Math.max(end, times[times.length - 1]);
            outputTokens += times.length;
        }
        double seconds = (end - arrivals[0]) / 1e9;
        return new Result(layout, gpus, w.rate(), done, seconds, done / seconds, outputTokens / seconds,
                percentile(ttft, 0.50), percentile(ttft, 0.99), percentile(itl, 0.50), percentile(itl, 0.99),
                percentile(itl, 0.999));
    }

    private static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
