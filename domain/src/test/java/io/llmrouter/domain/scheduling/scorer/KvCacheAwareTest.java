package io.llmrouter.domain.scheduling.scorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.kvcache.KvBlockIndex;
import io.llmrouter.domain.kvcache.KvEvent;
import io.llmrouter.domain.kvcache.Medium;
import io.llmrouter.domain.scheduling.framework.PromptTokens;
import io.llmrouter.domain.scheduling.Pods;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KvCacheAwareTest {

    /** A prompt of space-separated token ids, tokenized by reading them back: the engine's tokenizer here. */
    static final PromptTokens IDS = request -> Optional.of(Arrays.stream(
            new String(request.prompt().utf8(), StandardCharsets.UTF_8).trim().split(" +")).mapToInt(Integer::parseInt).toArray());

    static int[] tokens(int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = 100 + i;
        }
        return t;
    }

    static SchedulingRequest prompt(int[] tokens) {
        StringBuilder text = new StringBuilder();
        for (int t : tokens) {
            text.append(t).append(' ');
        }
        return Pods.request(text.toString());
    }

    static KvEvent.BlockStored stored(int blocks, Medium medium) {
        long[] hashes = new long[blocks];
        for (int i = 0; i < blocks; i++) {
            hashes[i] = 7000 + i;
        }
        return new KvEvent.BlockStored(hashes, null, tokens(blocks * 4), 4, null, null, medium);
    }

    final AtomicLong now = new AtomicLong(1);
    final KvBlockIndex index = new KvBlockIndex(1 << 20, now::get);
    KvCacheAware.Args args = new KvCacheAware.Args(4, 128, 0.8, 100, 0);

    KvCacheAware plugin(PromptTokens tokens) {
        return new KvCacheAware(args, index, tokens, now::get,
                new PrefixCache(new PrefixCache.Args(4, 128, 1000, 5, 1 << 20)));
    }

    @Test
    void longerGpuRunsRankFirstAndOffloadedBlocksRankBelowGpu() {
        List<Candidate> pods = List.of(Candidate.of(Pods.pod("gpu4")), Candidate.of(Pods.pod("cpu4")),
                Candidate.of(Pods.pod("gpu2")), Candidate.of(Pods.pod("none")));
        index.apply(pods.get(0).pod().id(), stored(4, Medium.GPU));
        index.apply(pods.get(1).pod().id(), stored(4, Medium.CPU));
        index.apply(pods.get(2).pod().id(), stored(2, Medium.GPU));
        index.apply(pods.get(3).pod().id(), new KvEvent.AllBlocksCleared());
        // 18 tokens: 4 full blocks of 4, the partial fifth block does not count
        double[] scores = plugin(IDS).score(prompt(tokens(18)), pods);
        assertArrayEquals(new double[] {1.0, 0.8, 0.5, 0.0}, scores, 1e-9);
    }

    @Test
    void aPromptShorterThanOneBlockHasNoOpinion() {
        double[] scores = plugin(IDS).score(prompt(tokens(3)), List.of(Candidate.of(Pods.pod("a"))));
        assertTrue(Double.isNaN(scores[0]));
    }

    @Test
    void withoutTokensInTimeThePrefixCacheViewDecidesAndItIsCounted() {
        AtomicBoolean slow = new AtomicBoolean(false);
        KvCacheAware plugin = plugin(request -> slow.get() ? Optional.empty() : IDS.tokens(request));
        List<Candidate> pods = List.of(Candidate.of(Pods.pod("a")), Candidate.of(Pods.pod("b")));
        SchedulingRequest first = prompt(tokens(16));
        plugin.score(first, pods);
        plugin.dispatched(first, pods.get(1).pod()); // the view learns b at dispatch
        slow.set(true);
        double[] scores = plugin.score(prompt(tokens(16)), pods);
        assertEquals(1, plugin.noTokens());
        assertEquals(0.0, scores[0]);
        assertTrue(scores[1] > 0.9, "the view knows b holds the prompt: " + scores[1]);
    }

    @Test
    void aPodWhoseEventsStopScoresThroughThePrefixCacheView() {
        KvCacheAware plugin = plugin(IDS);
        Candidate a = Candidate.of(Pods.pod("a"));
        Candidate b = Candidate.of(Pods.pod("b"));
        List<Candidate> pods = List.of(a, b);
        index.apply(a.pod().id(), new KvEvent.AllBlocksCleared()); // a's feed is up, and a holds nothing
        index.apply(b.pod().id(), new KvEvent.AllBlocksCleared());
        SchedulingRequest request = prompt(tokens(16));
        plugin.score(request, pods);
        plugin.dispatched(request, a.pod()); // a should now store 4 blocks, but its events stop
        now.addAndGet(50_000_000L); // 50 ms: not yet stale, a scores 0 from events
        assertArrayEquals(new double[] {0.0, 0.0}, plugin.score(prompt(tokens(16)), pods), 1e-9);
        now.addAndGet(100_000_000L); // 150 ms > staleAfter 100 ms
        double[] scores = plugin.score(prompt(tokens(16)), pods);
        assertTrue(scores[0] > 0.9, "a scores through the view: " + scores[0]);
        assertEquals(0.0, scores[1]);
        assertTrue(plugin.viewScored() >= 1);
        // events come again: a scores from them
        index.apply(a.pod().id(), stored(2, Medium.GPU));
        assertArrayEquals(new double[] {0.5, 0.0}, plugin.score(prompt(tokens(16)), pods), 1e-9);
    }

    @Test
    void aPodWithoutAnyEventsScoresThroughTheView() {
        KvCacheAware plugin = plugin(IDS);
        Candidate a = Candidate.of(Pods.pod("a"));
        Candidate b = Candidate.of(Pods.pod("b"));
        index.apply(b.pod().id(), stored(4, Medium.GPU));
        SchedulingRequest request = prompt(tokens(16));
        plugin.score(request, List.of(a, b));
        plugin.dispatched(request, a.pod());
        double[] scores = plugin.score(prompt(tokens(16)), List.of(a, b));
        assertTrue(scores[0] > 0.9, "view: " + scores[0]);
        assertEquals(1.0, scores[1]);
    }

    @Test
    void blocksJustDispatchedCountUntilTheEventsCanSaySpeculatively() {
        args = new KvCacheAware.Args(4, 128, 0.8, 10_000, 50);
        KvCacheAware plugin = plugin(IDS);
        Candidate a = Candidate.of(Pods.pod("a"));
        Candidate b = Candidate.of(Pods.pod("b"));
        List<Candidate> pods = List.of(a, b);
        index.apply(a.pod().id(), new KvEvent.AllBlocksCleared());
        index.apply(b.pod().id(), new KvEvent.AllBlocksCleared());
        SchedulingRequest first = prompt(tokens(16));
        plugin.score(first, pods);
        plugin.dispatched(first, b.pod());
        now.addAndGet(10_000_000L); // 10 ms later the engine has not reported the blocks yet
        assertArrayEquals(new double[] {0.0, 1.0}, plugin.score(prompt(tokens(16)), pods), 1e-9);
        now.addAndGet(50_000_000L); // past the TTL, and the engine never stored them (e.g. the request failed)
        assertArrayEquals(new double[] {0.0, 0.0}, plugin.score(prompt(tokens(16)), pods), 1e-9);
    }

    @Test
    void onceTheEventsConfirmABlockAnEvictionIsSeenAtOnceDespiteTheTtl() {
        args = new KvCacheAware.Args(4, 128, 0.8, 10_000, 60_000);
        KvCacheAware plugin = plugin(IDS);
        Candidate a = Candidate.of(Pods.pod("a"));
        List<Candidate> pods = List.of(a);
        index.apply(a.pod().id(), new KvEvent.AllBlocksCleared());
        SchedulingRequest first = prompt(tokens(16));
        plugin.score(first, pods);
        plugin.dispatched(first, a.pod());
        now.addAndGet(1_000_000L);
        index.apply(a.pod().id(), stored(4, Medium.GPU)); // the engine computed and reported them
        assertArrayEquals(new double[] {1.0}, plugin.score(prompt(tokens(16)), pods), 1e-9);
        index.apply(a.pod().id(), new KvEvent.BlockRemoved(new long[] {7001}, Medium.GPU)); // block 1 evicted
        assertArrayEquals(new double[] {0.25}, plugin.score(prompt(tokens(16)), pods), 1e-9);
    }

    static Candidate withBlockSize(String name, int blockSize) {
        return new Candidate(Pods.pod(name), Optional.of(new io.llmrouter.domain.metrics.PodMetrics(0, 0, 0.1, Double.NaN,
                Double.NaN, java.util.Set.of(), -1, Double.NaN, -1, blockSize, Double.NaN, java.time.Instant.EPOCH)), 0);
    }

    /** An engine with blocks of 8: its events' keys are chained over 8-token blocks. */
    static KvEvent.BlockStored stored8(int blocks) {
        long[] hashes = new long[blocks];
        for (int i = 0; i < blocks; i++) {
            hashes[i] = 9000 + i;
        }
        return new KvEvent.BlockStored(hashes, null, tokens(blocks * 8), 8, null, null, Medium.GPU);
    }

    @Test
    void theEnginesBlockSizeFromItsMetricsCutsTheKeysWhenBlockSizeToHashDisagrees() {
        // blockSizeToHash is 4, the engine (cache_config_info block_size) hashes blocks of 8
        Candidate a = withBlockSize("a", 8);
        Candidate b = withBlockSize("b", 8);
        KvCacheAware plugin = plugin(IDS);
        // before any event the dispatch's speculative entries are cut at the engine's 8
        args = new KvCacheAware.Args(4, 128, 0.8, 100, 30_000);
        KvCacheAware speculating = plugin(IDS);
        index.apply(b.pod().id(), new KvEvent.AllBlocksCleared());
        index.apply(a.pod().id(), stored8(2));
        double[] scores = plugin.score(prompt(tokens(16)), List.of(a, b));
        assertArrayEquals(new double[] {1.0, 0.0}, scores, 1e-9);
        assertEquals(2, plugin.blockSizeMismatches(), "one warning for a (events and metrics say 8), one for b");
        speculating.score(prompt(tokens(16)), List.of(a, b));
        speculating.dispatched(prompt(tokens(16)), b.pod());
        assertEquals(1.0, speculating.score(prompt(tokens(16)), List.of(a, b))[1], 1e-9);
    }

    @Test
    void theEnginesBlockSizeFromItsEventsWinsAndAMismatchIsCountedOncePerPod() {
        Candidate a = Candidate.of(Pods.pod("a")); // no metrics: only the events tell
        KvCacheAware plugin = plugin(IDS);
        index.apply(a.pod().id(), stored8(2));
        assertEquals(8, index.blockSize(a.pod().id()));
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(new double[] {1.0}, plugin.score(prompt(tokens(16)), List.of(a)), 1e-9);
        }
        assertEquals(1, plugin.blockSizeMismatches());
        Candidate agrees = withBlockSize("c", 4);
        plugin.score(prompt(tokens(16)), List.of(agrees));
        assertEquals(1, plugin.blockSizeMismatches(), "an engine that agrees is no mismatch");
        plugin.removed(a.pod().id());
        index.removePod(a.pod().id());
        index.apply(a.pod().id(), stored8(2)); // the pod again (a new engine under the same name): warned again
        plugin.score(prompt(tokens(16)), List.of(a));
        assertEquals(2, plugin.blockSizeMismatches());
    }
}
