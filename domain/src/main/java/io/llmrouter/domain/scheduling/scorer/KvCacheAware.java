package io.llmrouter.domain.scheduling.scorer;

import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.kvcache.KvBlockIndex;
import io.llmrouter.domain.kvcache.Medium;
import io.llmrouter.domain.kvcache.RequestKeys;
import io.llmrouter.domain.kvcache.SpeculativeBlocks;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.scheduling.framework.PromptTokens;
import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.DispatchListener;
import io.llmrouter.domain.scheduling.framework.PodRemovedListener;
import io.llmrouter.domain.scheduling.framework.Retraction;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.domain.scheduling.framework.Scorer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Type {@code kvcache-aware}: prefer the pods whose KV cache really holds the longest run of this
 * prompt's leading blocks, as the engines report it in their KV events ({@link KvBlockIndex}).
 *
 * <p>Formula: the prompt's tokens (the engine's own tokenizer, through {@link PromptTokens}) are cut
 * into full blocks of the engine's block size (at most {@code maxBlocksToMatch}; a partial
 * last block never matches, as the engine never caches it); for each pod
 * {@code score = Σ weight(best medium of block i) / blocks} over the leading run of blocks it
 * holds, with GPU 1.0 and offloaded tiers {@code offloadWeight} (0.8, llm-d's CPU weight).
 *
 * <p>Where the events cannot be trusted, the approximate {@code prefix-cache} view (its own
 * {@link PrefixCache}, fed at dispatch like that plugin) scores instead of a 0 that would push
 * traffic away from a pod only because its feed is silent:
 * <ul>
 * <li>no tokens in time (tokenizer slow or down): every pod scores through the view (counted);
 * <li>a pod that never delivered an event, or whose feed is stale: a request was dispatched to it
 *     with blocks it did not hold, more than {@code staleAfterMillis} ago, and no event came since
 *     (an engine stores a prompt's blocks within milliseconds of admitting it).
 * </ul>
 * <p>A pod whose engine restarted holds nothing it held before: the KV-event sequence usually shows it
 * (the subscriber resets the pod), and where it does not, the engine's start time in its metrics
 * does ({@link KvBlockIndex#engineStarted}, applied here before scoring the pod).
 *
 * <p>Blocks of a request just dispatched to a pod count as held there (llm-d's speculative entries)
 * until the pod's events report them, at most {@code speculativeTtlMillis}: the engine reports them
 * only once computed, which under load (a queue) takes seconds, and the requests of a group arriving
 * meanwhile must not be scattered for want of events. Once reported, only the events count, so an
 * eviction is seen at once.
 *
 * Category: affinity. Args (Kthena's, plus this router's): {@code blockSizeToHash} (16; the block
 * size for engines that do not report theirs, see {@link #blockSize}), {@code maxBlocksToMatch} (128), {@code offloadWeight} (0.8),
 * {@code staleAfterMillis} (5000), {@code speculativeTtlMillis} (30000; 0 = off).
 */
public final class KvCacheAware implements Scorer, DispatchListener, PodRemovedListener {

    private static final System.Logger LOG = System.getLogger(KvCacheAware.class.getName());

    public static final String TYPE = "kvcache-aware";

    public record Args(int blockSizeToHash, int maxBlocksToMatch, double offloadWeight, long staleAfterMillis,
                       long speculativeTtlMillis) {
        public static final Args DEFAULT = new Args(16, 128, 0.8, 5000, 30_000);

        public Args(int blockSizeToHash, int maxBlocksToMatch, double offloadWeight, long staleAfterMillis) {
            this(blockSizeToHash, maxBlocksToMatch, offloadWeight, staleAfterMillis, DEFAULT.speculativeTtlMillis());
        }

        public Args {
            if (speculativeTtlMillis < 0) {
                throw new IllegalArgumentException("kvcache-aware speculativeTtlMillis must be >= 0, was " + speculativeTtlMillis);
            }
            if (blockSizeToHash < 1 || maxBlocksToMatch < 1 || staleAfterMillis < 1) {
                throw new IllegalArgumentException("kvcache-aware blockSizeToHash, maxBlocksToMatch and staleAfterMillis"
                        + " must be >= 1, were " + blockSizeToHash + ", " + maxBlocksToMatch + ", " + staleAfterMillis);
            }
            if (!(offloadWeight >= 0 && offloadWeight <= 1)) {
                throw new IllegalArgumentException("kvcache-aware offloadWeight must be in [0, 1], was " + offloadWeight);
            }
        }
    }

    private final Args args;
    private final KvBlockIndex index;
    private final PromptTokens tokenizer;
    private final Ticker ticker;
    private final PrefixCache view;
    private final SpeculativeBlocks speculative;
    private final double[] weights;
    /** Per pod: ticker time of the oldest dispatch not yet answered by an event (absent = none pending). */
    private final ConcurrentHashMap<ResourceId, Long> pendingSince = new ConcurrentHashMap<>();
    private final ThreadLocal<Memo> lastKeys = new ThreadLocal<>();
    /** Per pod: the engine's block size last seen (events or metrics); absent = never reported. Dies with the pod. */
    private final ConcurrentHashMap<ResourceId, Integer> engineBlockSizes = new ConcurrentHashMap<>();
    private final AtomicLong blockSizeMismatches = new AtomicLong();
    private final AtomicLong noTokens = new AtomicLong();
    private final AtomicLong viewScored = new AtomicLong();

    public KvCacheAware(Args args, KvBlockIndex index, PromptTokens tokenizer, Ticker ticker, PrefixCache view) {
        this.args = args;
        this.index = index;
        this.tokenizer = tokenizer;
        this.ticker = ticker;
        this.view = view;
        this.speculative = new SpeculativeBlocks(args.speculativeTtlMillis() * 1_000_000L);
        this.weights = new double[Medium.values().length];
        Arrays.fill(weights, args.offloadWeight());
        weights[Medium.GPU.ordinal()] = 1.0;
    }

    @Override
    public String type() {
        return TYPE;
    }

    public Args args() {
        return args;
    }

    public KvBlockIndex index() {
        return index;
    }

    /**
     * Times a pod's engine reported a block size other than {@code blockSizeToHash} (once per pod,
     * again if it changes): its keys were then cut at the engine's size.
     */
    public long blockSizeMismatches() {
        return blockSizeMismatches.get();
    }

    /** Requests scored without tokens (tokenizer not in time): the prefix-cache view decided. */
    public long noTokens() {
        return noTokens.get();
    }

    /** Pod scores taken from the prefix-cache view because the pod's events were missing or stale. */
    public long viewScored() {
        return viewScored.get();
    }

    @Override
    public double[] score(SchedulingRequest request, List<Candidate> candidates) {
        Optional<int[]> tokens = tokens(request);
        if (tokens.isEmpty()) {
            noTokens.incrementAndGet();
            return view.score(request, candidates);
        }
        double[] scores = new double[candidates.size()];
        double[] fallback = null;
        long now = ticker.nanos();
        for (int i = 0; i < scores.length; i++) {
            Candidate candidate = candidates.get(i);
            ResourceId id = candidate.pod().id();
            noticeRestart(candidate);
            long[] keys = keys(request, tokens.get(), blockSize(candidate));
            if (keys.length == 0) {
                scores[i] = Double.NaN; // shorter than one block: nothing any cache could hold
            } else if (!index.hasEvents(id) || stale(id, now)) {
                if (fallback == null) {
                    fallback = view.score(request, candidates);
                }
                scores[i] = fallback[i];
                viewScored.incrementAndGet();
            } else {
                scores[i] = run(id, keys, now) / keys.length;
            }
        }
        return scores;
    }

    /**
     * A pod whose engine reports a start time: the index drops the blocks stored before it (an
     * earlier process's). Here, at scoring, because this is where the engine's metrics and the index
     * meet before a decision; it costs a lookup when nothing changed, and noticing a restart only at
     * the next scoring loses nothing, as the index keeps the new process's blocks by their time.
     */
    private void noticeRestart(Candidate candidate) {
        if (candidate.metrics().isPresent()) {
            double started = candidate.metrics().get().engineStartSeconds();
            if (started > 0) {
                index.engineStarted(candidate.pod().id(), (long) (started * 1000));
            }
        }
    }

    /**
     * The block size to cut this pod's request keys by: the engine's own when it is known, else
     * {@code blockSizeToHash}. The engine's wins because it is the only one that can match: vLLM
     * (and SGLang by its page size) hashes its prefix cache per block of its own size, its KV events
     * report those blocks, and the index chains its request keys over exactly those blocks. A key cut
     * at any other size covers other token ranges and never equals an indexed key, so a configured
     * {@code blockSizeToHash} that disagrees would make every pod score 0 (Kthena's plugin has that
     * failure mode; its docs only ask the user to keep the two equal). Known from, in order: the
     * pod's events (the size its indexed keys were really cut by), then {@code vllm:cache_config_info}
     * in its metrics (before its first event). A disagreement is logged once per pod and counted.
     */
    private int blockSize(Candidate candidate) {
        ResourceId id = candidate.pod().id();
        int engine = index.blockSize(id);
        if (engine <= 0) {
            engine = candidate.metrics().map(PodMetrics::kvBlockSize).orElse(-1);
        }
        if (engine <= 0) {
            Integer known = engineBlockSizes.get(id);
            return known != null ? known : args.blockSizeToHash();
        }
        Integer known = engineBlockSizes.get(id);
        if (known == null || known != engine) {
            engineBlockSizes.put(id, engine);
            if (engine != args.blockSizeToHash()) {
                blockSizeMismatches.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "kvcache-aware: engine pod {0} hashes KV blocks of {1} tokens but "
                        + "blockSizeToHash is {2}; its request keys are cut at the engine''s {1} (set blockSizeToHash to "
                        + "the engines'' block size to silence this)", id, engine, args.blockSizeToHash());
            }
        }
        return engine;
    }

    /**
     * The weighted leading run: a block counts with its best medium's weight when the events say the
     * pod holds it (which also retires its speculative entry), with the GPU's when it was just sent
     * there and not yet reported (speculative), and the run ends at the first block that is neither.
     */
    private double run(ResourceId pod, long[] keys, long now) {
        double run = 0;
        for (long key : keys) {
            int mask = index.heldBy(pod, key);
            if (mask != 0) {
                double best = 0;
                for (int m = 0; m < weights.length; m++) {
                    if ((mask & (1 << m)) != 0) {
                        best = Math.max(best, weights[m]);
                    }
                }
                run += best;
                speculative.confirm(pod, key);
            } else if (speculative.pending(pod, key, now)) {
                run += 1.0;
            } else {
                break;
            }
        }
        return run;
    }

    @Override
    public Retraction dispatched(SchedulingRequest request, Pod pod) {
        Retraction retraction = view.dispatched(request, pod);
        Optional<int[]> tokens = tokens(request);
        if (tokens.isPresent()) {
            int size = index.blockSize(pod.id());
            long[] keys = keys(request, tokens.get(), size > 0 ? size
                    : engineBlockSizes.getOrDefault(pod.id(), args.blockSizeToHash()));
            if (keys.length > 0 && index.heldBy(pod.id(), keys[keys.length - 1]) == 0) {
                long now = ticker.nanos();
                // the engine will store blocks for this request: expect an event
                pendingSince.putIfAbsent(pod.id(), now);
                if (args.speculativeTtlMillis() > 0) {
                    speculative.add(pod.id(), keys, now);
                }
            }
        }
        return retraction;
    }

    @Override
    public void removed(ResourceId pod) {
        view.removed(pod);
        speculative.remove(pod);
        pendingSince.remove(pod);
        engineBlockSizes.remove(pod);
    }

    private boolean stale(ResourceId pod, long now) {
        Long since = pendingSince.get(pod);
        if (since == null) {
            return false;
        }
        if (index.lastEventNanos(pod) - since > 0) {
            pendingSince.remove(pod, since); // an event came after that dispatch: the feed is alive
            return false;
        }
        return now - since > args.staleAfterMillis() * 1_000_000L;
    }

    /** The prompt's tokens; empty when they are not known in time. */
    private Optional<int[]> tokens(SchedulingRequest request) {
        // Memoized per thread for the request being placed (score, then dispatched, on one thread):
        // the prompt's own one-entry memo is taken by prefix-cache's hashes, and a second tokenizer
        // call per request would cost the time budget twice.
        Memo memo = lastKeys.get();
        if (memo != null && memo.prompt == request.prompt() && memo.lora.equals(request.loraAdapter())) {
            return memo.tokens;
        }
        memo = new Memo(request.prompt(), request.loraAdapter(), tokenizer.tokens(request));
        lastKeys.set(memo);
        return memo.tokens;
    }

    /** The request's block keys cut at {@code blockSize}, memoized with its tokens (one size, nearly always). */
    private long[] keys(SchedulingRequest request, int[] tokens, int blockSize) {
        Memo memo = lastKeys.get();
        if (memo != null && memo.keySize == blockSize && memo.keys != null) {
            return memo.keys;
        }
        long[] keys = RequestKeys.of(tokens, blockSize, args.maxBlocksToMatch(), request.loraAdapter().orElse(null), null);
        if (memo != null) {
            memo.keySize = blockSize;
            memo.keys = keys;
        }
        return keys;
    }

    private static final class Memo {
        final PromptText prompt;
        final Optional<String> lora;
        final Optional<int[]> tokens;
        int keySize;
        long[] keys;

        Memo(PromptText prompt, Optional<String> lora, Optional<int[]> tokens) {
            this.prompt = prompt;
            this.lora = lora;
            this.tokens = tokens;
        }
    }
}
