package io.llmrouter.bench.scenario;

import io.llmrouter.domain.kvcache.KvBlockIndex;
import io.llmrouter.domain.kvcache.KvEvent;
import io.llmrouter.domain.kvcache.Medium;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.PromptTokens;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.domain.scheduling.framework.WeightedScorer;
import io.llmrouter.domain.scheduling.scorer.KvCacheAware;
import io.llmrouter.domain.scheduling.scorer.LeastRequest;
import io.llmrouter.domain.scheduling.scorer.PrefixCache;
import io.llmrouter.sim.core.EngineCore;
import io.llmrouter.sim.kvevents.KvEventTap;
import io.llmrouter.sim.kvevents.SimKvEvent;
import io.llmrouter.sim.kvevents.VllmBlockHash;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * {@code least-request + kvcache-aware} in virtual time: the same profile the router builds, its
 * block index fed by every replica's KV events as the simulator publishes them (a {@link KvEventTap}
 * per replica, vLLM's {@code sha256_cbor} hashes, one batch per engine step), decoded into the
 * router's events in process instead of over ZMQ, delivered at the end of the step that produced
 * them (over loopback ZMQ they take well under a millisecond). The engine's tokenizer is exact: the
 * router's prompt bytes here are the token ids ({@link RoutedScenario#render}).
 */
final class KvEventsPlacer implements Placer {

    static final String NAME = "least-request + kvcache-aware";

    private final List<Placer> routers = new java.util.ArrayList<>();
    private final KvBlockIndex index;
    private final long[] now = {0};
    private int next;

    /**
     * {@code routerReplicas} routers taking turns (round robin, as a load balancer in front of them
     * would): each has its own plugins and speculative entries; the events are broadcast, so every
     * replica's index holds the same, and one index stands for all of them.
     */
    private KvEventsPlacer(long seed, int routerReplicas) {
        this.index = new KvBlockIndex(256L << 20, () -> now[0]);
        for (int r = 0; r < routerReplicas; r++) {
            routers.add(router(seed + r));
        }
    }

    private Placer router(long seed) {
        PromptTokens tokens = request -> {
            byte[] bytes = request.prompt().utf8();
            int[] ids = new int[bytes.length / 4];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(ids);
            return Optional.of(ids);
        };
        KvCacheAware kv = new KvCacheAware(KvCacheAware.Args.DEFAULT, index, tokens, () -> now[0],
                new PrefixCache(PrefixCache.Args.DEFAULT));
        return Placer.of(new SchedulingProfile(List.of(),
                List.of(new WeightedScorer(new LeastRequest(), 1), new WeightedScorer(kv, 1)),
                SchedulingProfile.DEFAULT_TOP_N), new SplittableRandom(seed ^ 0x5DEECE66DL), Feedback.AT_DISPATCH);
    }

    static PluginSet set() {
        return new PluginSet(NAME, seed -> new KvEventsPlacer(seed, 1));
    }

    /** With several router replicas in front of the same engines. */
    public static PluginSet set(int routerReplicas) {
        return new PluginSet(NAME + ", " + routerReplicas + " router replicas", seed -> new KvEventsPlacer(seed, routerReplicas));
    }

    KvBlockIndex index() {
        return index;
    }

    @Override
    public void replica(Pod pod, EngineCore core) {
        KvEventTap tap = new KvEventTap(VllmBlockHash.DEFAULT_SEED, () -> core.clock().nowNanos() / 1e9, batch -> {
            now[0] = core.clock().nowNanos();
            for (SimKvEvent event : batch.events()) {
                index.apply(pod.id(), translate(event));
            }
        });
        core.cache().listener(tap);
        core.addObserver(tap);
    }

    @Override
    public Pod choose(SchedulingRequest request, int group, List<Candidate> candidates) {
        return routers.get(next++ % routers.size()).choose(request, group, candidates);
    }

    @Override
    public void served(SchedulingRequest request, Pod pod) {
        // learning is at dispatch (AT_DISPATCH); nothing to tell after the response
    }

    /** What the subscriber's decoder gives for the same event sent with int hashes. */
    static KvEvent translate(SimKvEvent event) {
        return switch (event) {
            case SimKvEvent.BlockStored s -> new KvEvent.BlockStored(ints(s.blockHashes()),
                    s.parentHash() == null ? null : VllmBlockHash.asInt(s.parentHash()), s.tokens(), s.blockSize(),
                    s.loraName(), null, Medium.parse(s.medium()));
            case SimKvEvent.BlockRemoved r -> new KvEvent.BlockRemoved(ints(r.blockHashes()), Medium.parse(r.medium()));
            case SimKvEvent.AllBlocksCleared c -> new KvEvent.AllBlocksCleared();
        };
    }

    private static long[] ints(List<byte[]> hashes) {
        long[] out = new long[hashes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = VllmBlockHash.asInt(hashes.get(i));
        }
        return out;
    }
}
