package io.llmrouter.domain.scheduling.scorer;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.prefix.BlockHashes;
import io.llmrouter.domain.prefix.PrefixIndex;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.DispatchListener;
import io.llmrouter.domain.scheduling.framework.PodRemovedListener;
import io.llmrouter.domain.scheduling.framework.Retraction;
import io.llmrouter.domain.scheduling.framework.Scorer;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import java.util.Arrays;
import java.util.List;

/**
 * Type {@code prefix-cache}: prefer the pods that most likely still hold this prompt's prefix in
 * their KV cache, so its prefill is skipped.
 *
 * <p>The router keeps its own view (no engine support needed): the prompt, chat-templated over the
 * whole conversation, is cut into {@code blockSizeToHash}-byte blocks with chained hashes
 * (per model); when a request is sent to a pod, the pod is recorded as holding its blocks (at
 * dispatch, not after the response: the next request of a group usually arrives before the first
 * is answered, and learning late scatters the group over every pod).
 * Formula: {@code score = matchedBlocks / promptBlocks} for the {@code topKMatches} pods with the
 * longest match, 0 for the others; no opinion for an empty prompt.
 * Category: affinity. Consumes: the prompt, the router's prefix index.
 * Args (Kthena's, plus a memory budget): {@code blockSizeToHash} (64 bytes), {@code maxBlocksToMatch}
 * (128), {@code maxHashCacheSize} (50000 blocks per pod), {@code topKMatches} (5),
 * {@code maxMemoryBytes} (64 MiB for all pods).
 * <pre>
 * scheduler:
 *   pluginConfig:
 *   - name: prefix-cache
 *     args: {blockSizeToHash: 64, maxBlocksToMatch: 128, maxHashCacheSize: 50000, topKMatches: 5}
 * </pre>
 */
public final class PrefixCache implements Scorer, DispatchListener, PodRemovedListener {

    public static final String TYPE = "prefix-cache";

    public record Args(int blockSizeToHash, int maxBlocksToMatch, int maxHashCacheSize, int topKMatches,
                       long maxMemoryBytes) {
        public static final Args DEFAULT = new Args(64, 128, 50_000, 5, 64L * 1024 * 1024);

        public Args {
            if (blockSizeToHash < 1 || maxBlocksToMatch < 1 || maxHashCacheSize < 1 || topKMatches < 1 || maxMemoryBytes < 1) {
                throw new IllegalArgumentException("prefix-cache args must all be >= 1, were " + blockSizeToHash + ", "
                        + maxBlocksToMatch + ", " + maxHashCacheSize + ", " + topKMatches + ", " + maxMemoryBytes);
            }
        }
    }

    private final Args args;
    private final PrefixIndex index;

    public PrefixCache(Args args) {
        this.args = args;
        this.index = new PrefixIndex(args.maxHashCacheSize(), args.maxMemoryBytes());
    }

    @Override
    public String type() {
        return TYPE;
    }

    public PrefixIndex index() {
        return index;
    }

    @Override
    public double[] score(SchedulingRequest request, List<Candidate> candidates) {
        double[] scores = new double[candidates.size()];
        long[] hashes = hashes(request);
        if (hashes.length == 0) {
            Arrays.fill(scores, Double.NaN);
            return scores;
        }
        int[] matched = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            matched[i] = index.matchLength(candidates.get(i).pod().id(), hashes);
        }
        int threshold = topKThreshold(matched);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = matched[i] >= threshold && matched[i] > 0 ? (double) matched[i] / hashes.length : 0.0;
        }
        return scores;
    }

    @Override
    public Retraction dispatched(SchedulingRequest request, Pod pod) {
        long[] added = index.record(pod.id(), hashes(request));
        return added.length == 0 ? Retraction.NONE : () -> index.forget(pod.id(), added);
    }

    @Override
    public void removed(ResourceId pod) {
        index.remove(pod);
    }

    /** The match length of the k-th best pod: only the top K matches score (ties at the edge all do). */
    private int topKThreshold(int[] matched) {
        if (matched.length <= args.topKMatches()) {
            return 0;
        }
        int[] sorted = matched.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - args.topKMatches()];
    }

    private long[] hashes(SchedulingRequest request) {
        return BlockHashes.of(request.prompt(),
                new BlockHashes.Spec(request.model(), args.blockSizeToHash(), args.maxBlocksToMatch()));
    }
}
