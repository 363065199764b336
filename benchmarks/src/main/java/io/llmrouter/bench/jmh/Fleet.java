package io.llmrouter.bench.jmh;

import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.prefix.BlockHashes;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.domain.scheduling.scorer.PrefixCache;
import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.server.WorkloadPort;
import io.llmrouter.domain.server.WorkloadSelector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;

/** Seeded fixtures for the microbenchmarks: a fleet of pods in varied states, prompts of random token bytes. */
final class Fleet {

    static final String MODEL = "deepseek-r1";
    static final ModelServer SERVER = new ModelServer(ObjectMeta.of("default", "deepseek-r1-7b"), Optional.empty(),
            InferenceEngine.VLLM, new WorkloadSelector(Map.of("app", "r1"), Optional.empty()),
            new WorkloadPort(8000, "http"), TrafficPolicy.DEFAULT, Optional.empty());
    /** Tokens rendered as 4 bytes each, as in the scenario driver: a 64-byte hash block is 16 tokens. */
    static final int BYTES_PER_TOKEN = 4;

    private Fleet() {
    }

    /**
     * {@code pods} candidates with metrics a busy fleet would show: 0–63 running, 0–11 waiting (so the
     * least-request filter, at 10, removes about one pod in six), KV usage and latencies spread out.
     */
    static List<Candidate> candidates(int pods, SplittableRandom random) {
        List<Candidate> candidates = new ArrayList<>(pods);
        for (int i = 0; i < pods; i++) {
            Pod pod = new Pod(ObjectMeta.of("default", "pod-" + i), "10.0." + (i >> 8) + "." + (i & 255),
                    OptionalInt.empty(), true);
            int running = random.nextInt(64);
            int waiting = random.nextInt(12);
            PodMetrics metrics = new PodMetrics(running, waiting, random.nextDouble(), 0.05 + random.nextDouble(),
                    0.01 + random.nextDouble() / 20, Set.of(), -1, Double.NaN, 983_040, Instant.EPOCH);
            candidates.add(new Candidate(pod, Optional.of(metrics), running + waiting + random.nextInt(4)));
        }
        return candidates;
    }

    static byte[] promptBytes(int tokens, SplittableRandom random) {
        byte[] bytes = new byte[tokens * BYTES_PER_TOKEN];
        random.nextBytes(bytes);
        return bytes;
    }

    static SchedulingRequest request(PromptText prompt) {
        return new SchedulingRequest(MODEL, Optional.empty(), SERVER, prompt);
    }

    /**
     * Fills the prefix index as hours of traffic would: every pod holds {@code otherBlocksPerPod}
     * blocks of other prompts, and pod i holds the first (i × 37 mod (n + 1)) of the benchmark
     * prompt's n blocks, so matches of every length occur and each lookup walks a run of every length.
     */
    static void populate(PrefixCache prefix, List<Candidate> candidates, long[] promptHashes, int otherBlocksPerPod,
                         SplittableRandom random) {
        for (int i = 0; i < candidates.size(); i++) {
            Pod pod = candidates.get(i).pod();
            long[] others = random.longs(otherBlocksPerPod).toArray();
            prefix.index().record(pod.id(), others);
            int held = (i * 37) % (promptHashes.length + 1);
            if (held > 0) {
                prefix.index().record(pod.id(), Arrays.copyOf(promptHashes, held));
            }
        }
    }

    static BlockHashes.Spec spec(PrefixCache.Args args) {
        return new BlockHashes.Spec(MODEL, args.blockSizeToHash(), args.maxBlocksToMatch());
    }
}
