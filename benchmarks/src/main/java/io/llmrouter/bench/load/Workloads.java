package io.llmrouter.bench.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The three workloads of the load generator, following SGLang {@code bench_serving}'s semantics:
 * {@code generated-shared-prefix} (groups sharing a system prompt, prompt = system + "\n\n" + question,
 * shuffled with the seed), {@code random} (lengths drawn from [L·r, L]) and fixed-length. Token
 * counts are exact for the engine simulator's tokenizer ({@link TokenText}).
 */
public final class Workloads {

    /** The "\n\n" between system prompt and question: two one-character tokens. */
    static final int SEPARATOR_TOKENS = 2;

    private Workloads() {
    }

    /** SGLang's {@code --gsp-*} flags. */
    public record SharedPrefix(int groups, int promptsPerGroup, int systemPromptLen, int questionLen,
                               int outputLen, double rangeRatio) {
        public SharedPrefix {
            if (groups < 1 || promptsPerGroup < 1 || systemPromptLen < 1 || questionLen < 1 || outputLen < 1) {
                throw new IllegalArgumentException("every --gsp-* count must be >= 1");
            }
            checkRatio(rangeRatio);
        }

        public int total() {
            return groups * promptsPerGroup;
        }
    }

    public static List<BenchRequest> generatedSharedPrefix(SharedPrefix spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> order = new ArrayList<>(spec.total());
        List<String> prompts = new ArrayList<>(spec.total());
        List<Integer> lengths = new ArrayList<>(spec.total());
        for (int g = 0; g < spec.groups(); g++) {
            int systemLen = drawLength(spec.systemPromptLen(), spec.rangeRatio(), random);
            String system = TokenText.words(systemLen, random);
            for (int p = 0; p < spec.promptsPerGroup(); p++) {
                int questionLen = drawLength(spec.questionLen(), spec.rangeRatio(), random);
                prompts.add(system + "\n\n" + TokenText.words(questionLen, random));
                lengths.add(systemLen + SEPARATOR_TOKENS + questionLen);
                order.add(new int[] {g, prompts.size() - 1});
            }
        }
        // bench_serving shuffles the whole list so a group's prompts arrive spread over the run
        Collections.shuffle(order, new Random(seed));
        List<BenchRequest> requests = new ArrayList<>(order.size());
        for (int[] entry : order) {
            requests.add(new BenchRequest(requests.size(), entry[0], prompts.get(entry[1]), lengths.get(entry[1]),
                    spec.outputLen()));
        }
        return requests;
    }

    /** {@code count} prompts of [L·r, L] random tokens each, output lengths likewise. */
    public static List<BenchRequest> random(int count, int inputLen, int outputLen, double rangeRatio, long seed) {
        checkRatio(rangeRatio);
        SplittableRandom random = new SplittableRandom(seed);
        List<BenchRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int in = drawLength(inputLen, rangeRatio, random);
            int out = drawLength(outputLen, rangeRatio, random);
            requests.add(new BenchRequest(i, -1, TokenText.words(in, random), in, out));
        }
        return requests;
    }

    /** One prompt of exactly {@code inputLen} tokens and {@code 6 × inputLen} bytes, repeated {@code count} times. */
    public static List<BenchRequest> fixed(int count, int inputLen, int outputLen, long seed) {
        BenchRequest one = new BenchRequest(0, -1, TokenText.fixedWidthWords(inputLen, new SplittableRandom(seed)),
                inputLen, outputLen);
        return Collections.nCopies(count, one);
    }

    /** Uniform in [max(1, ⌊L·r⌋), L], as bench_serving draws lengths. */
    static int drawLength(int length, double rangeRatio, SplittableRandom random) {
        int low = Math.max(1, (int) (length * rangeRatio));
        return low >= length ? length : random.nextInt(low, length + 1);
    }

    private static void checkRatio(double rangeRatio) {
        if (!(rangeRatio >= 0 && rangeRatio <= 1)) {
            throw new IllegalArgumentException("'rangeRatio' must be in [0, 1], got " + rangeRatio);
        }
    }
}
