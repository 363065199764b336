package io.llmrouter.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.tokenizer.SimTokenizer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

    private static final Workloads.SharedPrefix SMALL = new Workloads.SharedPrefix(4, 5, 300, 40, 16, 1.0);

    @Test
    void words_anyCount_simTokenizerCountsExactly() {
        SplittableRandom random = new SplittableRandom(7);
        for (int tokens : new int[] {1, 2, 17, 4096}) {
            assertEquals(tokens, SimTokenizer.count(TokenText.words(tokens, random)));
        }
    }

    @Test
    void fixedWidthWords_tokens_sixBytesEachAndExactCount() {
        String text = TokenText.fixedWidthWords(36_667, new SplittableRandom(1));
        assertEquals(6 * 36_667, text.length());
        assertEquals(36_667, SimTokenizer.count(text));
    }

    @Test
    void generatedSharedPrefix_exactLengths_promptTokensMatchTokenizer() {
        List<BenchRequest> requests = Workloads.generatedSharedPrefix(SMALL, 1);
        assertEquals(20, requests.size());
        for (BenchRequest r : requests) {
            // system 300 + "\n\n" (2 tokens) + question 40
            assertEquals(342, r.promptTokens());
            assertEquals(r.promptTokens(), SimTokenizer.count(r.prompt()));
            assertEquals(16, r.outputTokens());
        }
    }

    @Test
    void generatedSharedPrefix_sameGroup_sharesSystemPromptOnly() {
        List<BenchRequest> requests = Workloads.generatedSharedPrefix(SMALL, 1);
        var byGroup = requests.stream().collect(Collectors.groupingBy(BenchRequest::group));
        assertEquals(4, byGroup.size());
        byGroup.values().forEach(group -> {
            assertEquals(5, group.size());
            String system = group.get(0).prompt().split("\n\n")[0];
            group.forEach(r -> assertTrue(r.prompt().startsWith(system + "\n\n")));
            assertEquals(5, group.stream().map(BenchRequest::prompt).distinct().count());
        });
    }

    @Test
    void generatedSharedPrefix_sameSeed_sameOrderAndDifferentSeedShuffles() {
        List<Integer> first = groups(Workloads.generatedSharedPrefix(SMALL, 1));
        assertEquals(first, groups(Workloads.generatedSharedPrefix(SMALL, 1)));
        assertNotEquals(first, groups(Workloads.generatedSharedPrefix(SMALL, 2)));
        // shuffled: not the generation order 0,0,0,0,0,1,1,...
        assertNotEquals(List.of(0, 0, 0, 0, 0), first.subList(0, 5));
    }

    @Test
    void generatedSharedPrefix_rangeRatio_lengthsWithinBoundsAndCounted() {
        var spec = new Workloads.SharedPrefix(3, 10, 200, 100, 8, 0.5);
        for (BenchRequest r : Workloads.generatedSharedPrefix(spec, 3)) {
            // system in [100, 200], question in [50, 100], plus the 2 separator tokens
            assertTrue(r.promptTokens() >= 152 && r.promptTokens() <= 302, "length " + r.promptTokens());
            assertEquals(r.promptTokens(), SimTokenizer.count(r.prompt()));
        }
    }

    @Test
    void random_rangeRatioZero_lengthsSpreadFromOneToMax() {
        List<BenchRequest> requests = Workloads.random(500, 64, 32, 0.0, 5);
        int min = requests.stream().mapToInt(BenchRequest::promptTokens).min().orElseThrow();
        int max = requests.stream().mapToInt(BenchRequest::promptTokens).max().orElseThrow();
        assertTrue(min >= 1 && min < 8, "min " + min);
        assertTrue(max <= 64 && max > 56, "max " + max);
        requests.forEach(r -> assertEquals(r.promptTokens(), SimTokenizer.count(r.prompt())));
    }

    @Test
    void fixed_count_sameRequestRepeated() {
        List<BenchRequest> requests = Workloads.fixed(3, 10, 4, 1);
        assertEquals(3, requests.size());
        assertTrue(requests.get(0) == requests.get(2));
    }

    private static List<Integer> groups(List<BenchRequest> requests) {
        return requests.stream().map(BenchRequest::group).toList();
    }
}
