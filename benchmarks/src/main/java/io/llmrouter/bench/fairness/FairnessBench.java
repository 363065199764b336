package io.llmrouter.bench.fairness;

import io.llmrouter.domain.fairness.FairQueue;
import io.llmrouter.domain.fairness.FairnessSettings;
import io.llmrouter.domain.fairness.FairnessSettings.FairnessMode;
import io.llmrouter.domain.fairness.GateSettings;
import io.llmrouter.domain.fairness.PodLoad;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.sim.core.EngineCore;
import io.llmrouter.sim.core.EngineSnapshot;
import io.llmrouter.sim.core.FinishReason;
import io.llmrouter.sim.core.GenerationRequest;
import io.llmrouter.sim.core.Profiles;
import io.llmrouter.sim.core.SimRequest;
import io.llmrouter.sim.core.TokenSink;
import io.llmrouter.sim.virtual.VirtualTimeLoop;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * {@code bin/bench fairness}: one heavy tenant sending 10x the others' rate with long outputs, nine
 * light tenants, total demand above capacity, 3 simulated vLLM replicas in virtual time (the
 * simulator's engine core, no HTTP), the router's own {@link FairQueue} in front. Rows: fairness off
 * (FIFO, each request to the least-loaded replica at once), Kthena-faithful (window priority, QPS
 * ticker 100/s), window + capacity gate, vtc + capacity gate (the llm-d utilization gate fed by the
 * replicas' waiting and KV usage and the router's in-flight). Deterministic for a seed.
 */
public final class FairnessBench {

    static final int REPLICAS = 3;
    static final int LIGHT = 9;
    static final long S = 1_000_000_000L;

    record Row(String name, double jain, double lightP50, double lightP99, double tokensPerSecond) {
    }

    record Load(double lightRate, double heavyRate, int lightOut, int heavyOut, int prompt, long seconds, long seed) {
    }

    public static void main(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        EXPLAIN = Arrays.asList(args).contains("--explain");
        Load load = new Load(1.0, 10.0, 128, 2048, 512, quick ? 60 : 180, 42);
        Row unloaded = run("unloaded", load, null, false);
        List<Row> rows = new ArrayList<>();
        rows.add(run("FIFO (fairness off)", load, null, true));
        rows.add(run("Kthena-faithful (window, qps 100)", load, FairnessSettings.DEFAULT.withGate(GateSettings.qps(100)), true));
        rows.add(run("window + capacity gate", load, FairnessSettings.DEFAULT, true));
        rows.add(run("vtc + capacity gate", load, FairnessSettings.DEFAULT.withMode(FairnessMode.VTC), true));
        rows.add(run("vtc + capacity gate (queueDepthThreshold 1)", load, FairnessSettings.DEFAULT.withMode(FairnessMode.VTC)
                .withGate(new GateSettings(GateSettings.Mode.UTILIZATION, 0, 0, 100, 1, 0.8)), true));
        FairnessSettings vtcSettings = FairnessSettings.DEFAULT.withMode(FairnessMode.VTC);
        rows.add(run("vtc + token gate (tokenThreshold 1, flowHeadroom 0.1, kvCacheThreshold 1)", load,
                vtcSettings.withGate(tokenGate(1, 0.1)), true));
        rows.add(run("vtc + token gate (tokenThreshold 1.75, flowHeadroom 0.1, kvCacheThreshold 1)", load,
                vtcSettings.withGate(tokenGate(1.75, 0.1)), true));
        rows.add(run("vtc + token gate knowing each answer's progress (1, 0.1, 1)", load,
                vtcSettings.withGate(tokenGate(1, 0.1)), true, true));
        double fifoTps = rows.get(0).tokensPerSecond();
        System.out.printf(Locale.ROOT, "load: %d replicas h100-7b, %d light tenants at %.1f req/s (%d out), one heavy at "
                        + "%.1f req/s (%d out), prompt %d, %d s virtual, seed %d%n", REPLICAS, LIGHT, load.lightRate(),
                load.lightOut(), load.heavyRate(), load.heavyOut(), load.prompt(), load.seconds(), load.seed());
        System.out.printf(Locale.ROOT, "unloaded light TTFT: p50 %.3f s, p99 %.3f s%n", unloaded.lightP50(), unloaded.lightP99());
        System.out.println("| row | Jain's index | light p50 TTFT (x unloaded) | light p99 TTFT (x unloaded) | output tok/s (x FIFO) |");
        System.out.println("|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f s (%.2f) | %.3f s (%.2f) | %.0f (%.3f) |%n", r.name(), r.jain(),
                    r.lightP50(), r.lightP50() / unloaded.lightP50(), r.lightP99(), r.lightP99() / unloaded.lightP99(),
                    r.tokensPerSecond(), r.tokensPerSecond() / fifoTps);
        }
        Row vtc = rows.get(3); // the target row: vtc + capacity gate at llm-d's defaults
        System.out.printf(Locale.ROOT, "fairness: jain %.3f, light p99 TTFT ratio %.2f, throughput vs FIFO %.3f%n",
                vtc.jain(), vtc.lightP99() / unloaded.lightP99(), vtc.tokensPerSecond() / fifoTps);
    }

    /** One queued request in the bench. */
    private static final class Req {
        final int tenant;
        final long arrival;
        final int out;
        long firstToken = -1;
        long released = -1;
        SimRequest sim;
        int emitted;

        Req(int tenant, long arrival, int out) {
            this.tenant = tenant;
            this.arrival = arrival;
            this.out = out;
        }
    }

    /** The utilization gate with the token term and the flow headroom; the KV term off (the token term bounds it). */
    static GateSettings tokenGate(double tokenThreshold, double flowHeadroom) {
        GateSettings d = GateSettings.DEFAULT;
        return new GateSettings(d.mode(), 0, 0, d.maxQps(), d.queueDepthThreshold(), 1.0, tokenThreshold, flowHeadroom,
                0, d.expectedOutputTokens());
    }

    static Row run(String name, Load load, FairnessSettings fairness, boolean withHeavy) {
        return run(name, load, fairness, withHeavy, false);
    }

    /**
     * @param progress the gate is told each pod's peak KV from now on, from the simulator's exact progress of
     *                 every answer (what the router could only estimate, by counting streamed tokens)
     */
    static Row run(String name, Load load, FairnessSettings fairness, boolean withHeavy, boolean progress) {
        VirtualTimeLoop loop = new VirtualTimeLoop(Profiles.named("h100-7b").withNumGpuBlocks(4096), REPLICAS, load.seed(), 1);
        long horizon = load.seconds() * S;
        int tenants = LIGHT + 1; // tenant LIGHT is the heavy one
        long[] served = new long[tenants];
        long[] demanded = new long[tenants];
        int[] inFlight = new int[REPLICAS];
        List<List<Req>> onPod = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            onPod.add(new ArrayList<>());
        }
        List<Req> all = new ArrayList<>();
        FairQueue<Req> queue = fairness == null ? null : new FairQueue<>(fairness);
        Random random = new Random(load.seed());
        int[] prompt = new int[load.prompt()];
        boolean[] stopped = {false};

        Runnable[] pump = new Runnable[1];
        java.util.function.BiConsumer<Req, FairQueue.Entry<Req>> dispatch = (req, entry) -> {
            int pod = 0;
            for (int i = 1; i < REPLICAS; i++) {
                if (inFlight[i] < inFlight[pod]) {
                    pod = i;
                }
            }
            int chosen = pod;
            inFlight[chosen]++;
            onPod.get(chosen).add(req);
            int[] p = prompt.clone();
            for (int i = 0; i < p.length; i++) {
                p[i] = random.nextInt(30_000) + 1; // no shared prefix: fairness, not caching, is measured
            }
            EngineCore core = loop.core(chosen);
            req.released = loop.clock().nowNanos();
            req.sim = core.submit(new GenerationRequest("r" + all.size(), p, req.out, FinishReason.LENGTH, null, load.seed(), false,
                    new TokenSink() {
                        @Override
                        public void onToken(SimRequest r, int index, int tokenId, String text) {
                            long now = loop.clock().nowNanos();
                            if (req.firstToken < 0) {
                                req.firstToken = now;
                            }
                            if (now <= horizon) {
                                served[req.tenant]++;
                            }
                        }

                        @Override
                        public void onFinish(SimRequest r, FinishReason reason) {
                            inFlight[chosen]--;
                            onPod.get(chosen).remove(req);
                            if (queue != null) {
                                queue.finished(entry);
                                queue.charge(tenantName(req.tenant), load.prompt(), r.outputTokens(), loop.clock().nowNanos());
                                loop.at(loop.clock().nowNanos(), pump[0]);
                            }
                        }
                    }));
        };
        pump[0] = () -> {
            if (queue == null || stopped[0]) {
                return;
            }
            long now = loop.clock().nowNanos();
            List<PodLoad> pods = new ArrayList<>(REPLICAS);
            for (int i = 0; i < REPLICAS; i++) {
                EngineSnapshot s = loop.core(i).snapshot();
                pods.add(new PodLoad(inFlight[i], Optional.of(new PodMetrics(s.running(), s.waiting(), s.kvUsage(),
                        Double.NaN, Double.NaN, Set.of(), -1, Double.NaN, loop.core(i).profile().capacityTokens(), Instant.EPOCH)),
                        progress ? peakKv(onPod.get(i), load.prompt()) : -1));
            }
            for (FairQueue.Entry<Req> e : queue.dispatch(pods, now)) {
                dispatch.accept(e.payload(), e);
            }
            long wait = queue.nanosUntilGateOpens(now);
            if (queue.size() > 0) {
                loop.at(now + Math.max(wait, 10_000_000L), pump[0]); // the router's 10 ms recheck
            }
        };
        // Poisson arrivals per tenant
        for (int t = 0; t < tenants; t++) {
            boolean heavy = t == LIGHT;
            if (heavy && !withHeavy) {
                continue;
            }
            double rate = heavy ? load.heavyRate() : load.lightRate();
            int out = heavy ? load.heavyOut() : load.lightOut();
            Random arrivals = new Random(load.seed() * 31 + t);
            double at = 0;
            while (true) {
                at += -Math.log(1 - arrivals.nextDouble()) / rate;
                long nanos = (long) (at * S);
                if (nanos >= horizon) {
                    break;
                }
                Req req = new Req(t, nanos, out);
                all.add(req);
                demanded[t] += out;
                loop.at(nanos, () -> {
                    if (queue == null) {
                        dispatch.accept(req, null);
                    } else {
                        queue.offer(req, tenantName(req.tenant), 0, 2048, load.prompt(), req.out, loop.clock().nowNanos());
                        pump[0].run();
                    }
                });
            }
        }
        loop.at(horizon, () -> {
            stopped[0] = true;
            for (int i = 0; i < REPLICAS; i++) {
                loop.core(i).abortAll();
            }
        });
        if (EXPLAIN) {
            for (long t = 5 * S; t < horizon; t += 5 * S) {
                long at = t;
                loop.at(t, () -> {
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < REPLICAS; i++) {
                        EngineSnapshot s = loop.core(i).snapshot();
                        b.append(String.format(Locale.ROOT, " [run %d wait %d kv %.2f]", s.running(), s.waiting(), s.kvUsage()));
                    }
                    System.out.printf(Locale.ROOT, "  t=%3ds queued %d%s%n", at / S, queue == null ? 0 : queue.size(), b);
                });
            }
        }
        loop.run();
        long total = Arrays.stream(served).sum();
        List<Double> ttft = new ArrayList<>();
        for (Req r : all) {
            // light requests arriving in the first 90 % (later ones may not have started by the horizon)
            if (r.tenant < LIGHT && r.arrival < horizon * 9 / 10) {
                ttft.add(r.firstToken < 0 || r.firstToken > horizon ? (horizon - r.arrival) / 1e9 : (r.firstToken - r.arrival) / 1e9);
            }
        }
        ttft.sort(null);
        if (EXPLAIN) {
            explain(name, all, horizon);
        }
        int active = withHeavy ? tenants : LIGHT;
        return new Row(name, jain(Arrays.copyOf(served, active), Arrays.copyOf(demanded, active), total),
                pct(ttft, 0.50), pct(ttft, 0.99), total / (double) load.seconds());
    }

    static boolean EXPLAIN = false;

    /**
     * The most KV the requests in flight to a pod will hold at once from now on, knowing each one's
     * progress: at the moment just before each of them ends, every one still running has grown by as many tokens.
     */
    static long peakKv(List<Req> reqs, int prompt) {
        int n = reqs.size();
        long[] ctx = new long[n];
        long[] rem = new long[n];
        for (int i = 0; i < n; i++) {
            Req r = reqs.get(i);
            int done = r.sim == null ? 0 : r.sim.outputTokens();
            ctx[i] = prompt + done;
            rem[i] = r.out - done;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(rem[a], rem[b]));
        long sumCtx = 0;
        for (long c : ctx) {
            sumCtx += c;
        }
        long peak = sumCtx;
        int alive = n;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            peak = Math.max(peak, sumCtx + alive * rem[i]); // just before request i ends
            sumCtx -= ctx[i];
            alive--;
        }
        return peak;
    }

    /** Where light TTFT goes: router queue, engine queue (until first admission), after admission; preemptions. */
    static void explain(String name, List<Req> all, long horizon) {
        List<double[]> rows = new ArrayList<>();
        int preempted = 0;
        for (Req r : all) {
            if (r.tenant < LIGHT && r.arrival < horizon * 9 / 10 && r.firstToken > 0 && r.firstToken <= horizon) {
                double q = (r.released - r.arrival) / 1e9;
                double e = (r.sim.scheduledNanos() - r.released) / 1e9;
                double a = (r.firstToken - r.sim.scheduledNanos()) / 1e9;
                rows.add(new double[] {q + e + a, q, e, a, r.sim.preemptions()});
                if (r.sim.preemptions() > 0) {
                    preempted++;
                }
            }
        }
        rows.sort((x, y) -> Double.compare(x[0], y[0]));
        int n = rows.size();
        System.out.printf(Locale.ROOT, "explain %s: %d light, %d preempted%n", name, n, preempted);
        for (double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
            double[] r = rows.get(Math.min(n - 1, (int) Math.ceil(q * n) - 1));
            System.out.printf(Locale.ROOT, "  p%.0f ttft %.3f = router %.3f + engine-queue %.3f + after-admit %.3f (preempt %d)%n",
                    q * 100, r[0], r[1], r[2], r[3], (int) r[4]);
        }
    }

    static String tenantName(int t) {
        return t == LIGHT ? "heavy" : "light-" + t;
    }

    /** Jain's index of each tenant's served tokens over its max-min fair share of what was served in all. */
    static double jain(long[] served, long[] demanded, long capacity) {
        int n = served.length;
        double[] fair = new double[n];
        boolean[] fixed = new boolean[n];
        double left = capacity;
        int open = n;
        while (open > 0) {
            double share = left / open;
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (!fixed[i] && demanded[i] <= share) {
                    fair[i] = demanded[i];
                    fixed[i] = true;
                    left -= demanded[i];
                    open--;
                    any = true;
                }
            }
            if (!any) {
                for (int i = 0; i < n; i++) {
                    if (!fixed[i]) {
                        fair[i] = share;
                    }
                }
                break;
            }
        }
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double x = fair[i] == 0 ? 1 : Math.min(served[i], fair[i] * 10) / fair[i];
            sum += x;
            sq += x * x;
        }
        return sum * sum / (n * sq);
    }

    static double pct(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
