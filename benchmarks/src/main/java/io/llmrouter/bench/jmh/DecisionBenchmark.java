package io.llmrouter.bench.jmh;

import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.prefix.BlockHashes;
import io.llmrouter.domain.scheduling.filter.LeastRequestFilter;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.Decision;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.domain.scheduling.framework.WeightedScorer;
import io.llmrouter.domain.scheduling.scorer.LeastRequest;
import io.llmrouter.domain.scheduling.scorer.PrefixCache;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One scheduling decision with the router's default plugin set (filter least-request, score
 * least-request × 1 + prefix-cache × 1 with Kthena's default args, top 5, per-plugin timing on as in
 * production) over a fleet in varied states with a populated prefix index.
 *
 * <p>{@code decision} excludes prompt hashing: the prompt's hashes were computed in setup and are
 * memoized on the prompt, as they are for a real request between scoring and the served feedback.
 * {@code decisionWithHashing} gives every call a fresh prompt over the same bytes, so it hashes
 * (at most {@code maxBlocksToMatch} = 128 blocks = 8 KB, whatever the prompt's length).
 * Sample time, so JMH reports percentiles (p99 is the target's measure).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionBenchmark {

    @Param({"8", "64", "512", "4096"})
    int pods;

    @Param({"1024", "32768"})
    int promptTokens;

    private SchedulingProfile profile;
    private List<Candidate> candidates;
    private byte[] promptBytes;
    private SchedulingRequest memoized;
    private final SplittableRandom tieBreaks = new SplittableRandom(3);

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        PrefixCache prefix = new PrefixCache(PrefixCache.Args.DEFAULT);
        profile = new SchedulingProfile(List.of(new LeastRequestFilter(LeastRequestFilter.Args.DEFAULT)),
                List.of(new WeightedScorer(new LeastRequest(), 1), new WeightedScorer(prefix, 1)),
                SchedulingProfile.DEFAULT_TOP_N, System::nanoTime);
        candidates = Fleet.candidates(pods, random);
        promptBytes = Fleet.promptBytes(promptTokens, random);
        memoized = Fleet.request(PromptText.of(promptBytes));
        long[] hashes = BlockHashes.of(memoized.prompt(), Fleet.spec(PrefixCache.Args.DEFAULT));
        Fleet.populate(prefix, candidates, hashes, 2048, random);
    }

    @Benchmark
    public Decision decision() {
        return profile.rank(memoized, candidates, tieBreaks);
    }

    @Benchmark
    public Decision decisionWithHashing() {
        return profile.rank(Fleet.request(PromptText.of(promptBytes)), candidates, tieBreaks);
    }
}
