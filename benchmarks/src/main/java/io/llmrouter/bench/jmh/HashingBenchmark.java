package io.llmrouter.bench.jmh;

import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.prefix.BlockHashes;
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
 * Chained XXH64 block hashes of one prompt (64-byte blocks, 4 bytes per token): the whole prompt
 * ({@code maxBlocks} "all"), and Kthena's default cap of 128 blocks (the first 8 KB). Each call
 * hashes a fresh {@code PromptText} over the same bytes, so the memo never answers.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HashingBenchmark {

    @Param({"1024", "8192", "32768"})
    int promptTokens;

    @Param({"all", "128"})
    String maxBlocks;

    private byte[] bytes;
    private BlockHashes.Spec spec;

    @Setup
    public void setUp() {
        bytes = Fleet.promptBytes(promptTokens, new SplittableRandom(7));
        spec = new BlockHashes.Spec(Fleet.MODEL, 64, "all".equals(maxBlocks) ? Integer.MAX_VALUE
                : Integer.parseInt(maxBlocks));
    }

    @Benchmark
    public long[] hash() {
        return BlockHashes.of(PromptText.of(bytes), spec);
    }
}
