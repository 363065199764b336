package io.llmrouter.bench.routing;

import io.llmrouter.bench.scenario.Workload;
import io.llmrouter.bench.scenario.Workload.FollowUp;
import io.llmrouter.bench.scenario.Workload.Job;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The workloads of {@code bin/bench routing --virtual}, generated from the seed (token ids drawn at
 * random, as bench_serving's generated-shared-prefix draws vocabulary ids), so every row of a table
 * sees the same requests:
 * <ul>
 *   <li>{@code blog}: generated-shared-prefix as the blog ran it, {@code groups × promptsPerGroup}
 *       requests, shuffled;</li>
 *   <li>{@code skewed}: the same prompts, but each request's group drawn Zipf(s = 1.1): a few hot
 *       groups carry most of the load, so static group affinity overloads the replica that holds them;</li>
 *   <li>{@code chat}: multi-turn conversations, every turn resending the whole conversation (the
 *       engine's own previous answers included) after a think time; ShareGPT-like shapes (see
 *       {@link #chat});</li>
 *   <li>{@code lora}: 8 LoRA adapters, Zipf-popular, each with its own system prompt, on replicas that
 *       hold at most 2 adapters in a batch ({@code --max-loras 2}).</li>
 * </ul>
 */
final class RoutingWorkloads {

    static final double ZIPF_S = 1.1;
    static final int ADAPTERS = 8;
    static final int MAX_LORAS = 2;

    private RoutingWorkloads() {
    }

    static Workload blog(RoutingScale scale, Variant variant, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> systems = systems(random, scale.groups(), variant.systemPromptLen);
        List<Integer> groups = new ArrayList<>();
        for (int g = 0; g < scale.groups(); g++) {
            for (int p = 0; p < scale.promptsPerGroup(); p++) {
                groups.add(g);
            }
        }
        shuffle(groups, random);
        List<Job> jobs = new ArrayList<>();
        for (int g : groups) {
            jobs.add(Job.single(g, concat(systems.get(g), tokens(random, variant.questionLen)), scale.outputLen()));
        }
        return new Workload(variant.title, jobs);
    }

    /** Same sizes as the blog's long variant; group popularity Zipf(1.1) over all groups. */
    static Workload skewed(RoutingScale scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Variant v = Variant.LONG;
        List<int[]> systems = systems(random, scale.groups(), v.systemPromptLen);
        double[] cdf = zipfCdf(scale.groups(), ZIPF_S);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < scale.requests(); i++) {
            int g = draw(cdf, random);
            jobs.add(Job.single(g, concat(systems.get(g), tokens(random, v.questionLen)), scale.outputLen()));
        }
        double[] shares = staticShares(scale.groups(), 3);
        return new Workload(String.format(java.util.Locale.ROOT, "skewed popularity (Zipf s = 1.1 over %d groups; hottest"
                + " group %.0f%% of requests; group mod 3 puts %.0f / %.0f / %.0f%% on the replicas)", scale.groups(),
                100 * cdf[0], 100 * shares[0], 100 * shares[1], 100 * shares[2]), jobs);
    }

    /**
     * Conversations: {@code requests / 2} of them (more than the client's slots, so the loop stays
     * saturated); turns 1 + geometric (mean 4 in all, at most 16); user messages log-normal (median 128
     * tokens, σ 1, at most 2,048), answers log-normal (median 192, σ 0.7, 32 to 1,024); think time
     * exponential, mean 2 s; a 1,024-token context of its own per conversation (system prompt and
     * pasted material). ShareGPT's shapes (a few turns, short questions, longer answers), generated.
     */
    static Workload chat(RoutingScale scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int sessions = Math.max(1, scale.requests() / 2);
        List<Job> jobs = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            int turns = 1;
            while (turns < 16 && random.nextDouble() < 0.75) {
                turns++;
            }
            int[] first = concat(tokens(random, 1024), tokens(random, logNormal(random, 128, 1.0, 4, 2048)));
            List<FollowUp> more = new ArrayList<>();
            for (int t = 1; t < turns; t++) {
                long think = (long) (-Math.log(1 - random.nextDouble()) * 2e9);
                more.add(new FollowUp(think, tokens(random, logNormal(random, 128, 1.0, 4, 2048)),
                        logNormal(random, 192, 0.7, 32, 1024)));
            }
            jobs.add(new Job(s, first, logNormal(random, 192, 0.7, 32, 1024), null, more));
        }
        return new Workload("multi-turn chat (" + sessions + " conversations, think time 2 s)", jobs);
    }

    /** 8 adapters, Zipf(1.1); per adapter a 1,024-token system prompt; 1,024-token questions. */
    static Workload lora(RoutingScale scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> systems = systems(random, ADAPTERS, 1024);
        double[] cdf = zipfCdf(ADAPTERS, ZIPF_S);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < scale.requests(); i++) {
            int a = draw(cdf, random);
            jobs.add(new Job(a, concat(systems.get(a), tokens(random, 1024)), scale.outputLen(), "lora-" + a,
                    List.of()));
        }
        return new Workload("LoRA mix (" + ADAPTERS + " adapters, Zipf s = 1.1, max-loras " + MAX_LORAS + ")", jobs);
    }

    /** Share of requests per replica when group {@code g} goes to replica {@code g mod 3} (the static oracle). */
    static double[] staticShares(int groups, int replicas) {
        double[] cdf = zipfCdf(groups, ZIPF_S);
        double[] share = new double[replicas];
        for (int g = 0; g < groups; g++) {
            share[g % replicas] += cdf[g] - (g == 0 ? 0 : cdf[g - 1]);
        }
        return share;
    }

    static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += Math.pow(k, -s);
            cdf[k - 1] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        return cdf;
    }

    private static int draw(double[] cdf, SplittableRandom random) {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(cdf.length - 1, i >= 0 ? i + 1 : -i - 1);
    }

    private static int logNormal(SplittableRandom random, double median, double sigma, int min, int max) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        double normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return (int) Math.max(min, Math.min(max, Math.round(median * Math.exp(sigma * normal))));
    }

    private static List<int[]> systems(SplittableRandom random, int n, int len) {
        List<int[]> out = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            out.add(tokens(random, len));
        }
        return out;
    }

    private static int[] tokens(SplittableRandom random, int n) {
        return random.ints(n, 256, 151_000).toArray();
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void shuffle(List<Integer> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            list.set(j, list.set(i, list.get(j)));
        }
    }
}
