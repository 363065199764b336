package io.llmrouter.sim.core;

import io.llmrouter.sim.clock.SimClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine model shared by every personality and by both clocks: a vLLM-V1-like
 * continuous-batching scheduler over a {@link BlockKvCache}.
 *
 * <p>Contract: not thread-safe. The real-time driver ({@link RealTimeEngine}) calls it under one
 * lock; the virtual-time driver calls it from its single event-loop thread. A step is two calls:
 * {@link #planStep()} decides the batch and its duration, and {@link #completeStep(StepPlan)},
 * made once the clock has advanced by that duration, applies it (tokens, finishes).
 *
 * <pre>
 * planStep, with a token budget of max_num_batched_tokens:
 *  1. Running requests in admission order each get min(length - computed, budget) tokens
 *     (chunked prefill; a decoding request needs 1). If their blocks cannot be allocated, the
 *     most recently admitted running request is preempted (blocks freed, KV recomputed later,
 *     pushed to the front of the waiting queue) until they can.
 *  2. If nothing was preempted, waiting requests are admitted in FIFO order while the budget,
 *     max_num_seqs and free blocks allow. On admission the longest cached block-aligned prefix,
 *     capped at length - 1 tokens, is reused. A request whose adapter cannot get a LoRA slot is
 *     skipped; one that does not fit in the free blocks stops admission (head-of-line, as vLLM).
 * completeStep: computed += scheduled tokens; newly full blocks are registered for reuse; a
 * request whose KV is complete samples one token and finishes at max_tokens.
 * </pre>
 *
 * Deliberate difference from vLLM: a prefix lookup is reported to observers only when the
 * request is actually admitted, not on every retry of a request that did not fit.
 */
public final class EngineCore {

    private final Profile profile;
    private final SimClock clock;
    private final BlockKvCache cache;
    private final StepTimeModel timing;
    private final LoraSlots loras;
    private final long hashRoot;
    private final Deque<SimRequest> waiting = new ArrayDeque<>();
    private final List<SimRequest> running = new ArrayList<>();
    /** Copy-on-write: observers are added at start-up and read on every step. */
    private final List<EngineObserver> observers = new CopyOnWriteArrayList<>();

    public EngineCore(Profile profile, SimClock clock, long seed, int maxLoras) {
        this.profile = profile;
        this.clock = clock;
        this.cache = new BlockKvCache(profile.numGpuBlocks(), profile.blockSize());
        this.timing = new StepTimeModel(profile, seed);
        this.loras = new LoraSlots(Math.max(1, maxLoras));
        this.hashRoot = BlockHasher.root(seed);
    }

    public Profile profile() {
        return profile;
    }

    public SimClock clock() {
        return clock;
    }

    public StepTimeModel timing() {
        return timing;
    }

    public BlockKvCache cache() {
        return cache;
    }

    public int maxLoras() {
        return loras.maxLoras();
    }

    public void addObserver(EngineObserver observer) {
        observers.add(observer);
    }

    /** Queues a request; fails for one that could never run (too long for the model or the cache). */
    public SimRequest submit(GenerationRequest spec) {
        int total = spec.promptTokens().length + spec.maxTokens();
        if (total > profile.maxModelLen()) {
            throw new IllegalArgumentException("This model's maximum context length is " + profile.maxModelLen()
                + " tokens. However, you requested " + total + " tokens (" + spec.promptTokens().length
                + " in the messages, " + spec.maxTokens() + " in the completion).");
        }
        if (total > profile.capacityTokens()) {
            throw new IllegalArgumentException("request needs " + total + " tokens of KV cache but the engine has "
                + profile.capacityTokens());
        }
        SimRequest request = new SimRequest(spec, clock.nowNanos());
        waiting.addLast(request);
        observers.forEach(o -> o.requestQueued(request));
        return request;
    }

    /** Removes a request (client went away); frees its blocks. No effect once it has finished. */
    public void abort(SimRequest request) {
        if (request.finished()) {
            return;
        }
        waiting.remove(request);
        finish(request, FinishReason.ABORT, clock.nowNanos());
    }

    /** Aborts every waiting and running request (engine shutting down), so their handlers return. */
    public void abortAll() {
        List<SimRequest> all = new ArrayList<>(running);
        all.addAll(waiting);
        all.forEach(this::abort);
    }

    public boolean hasWork() {
        return !running.isEmpty() || !waiting.isEmpty();
    }

    /** Decides the next step; returns null when no request can make progress now. */
    public StepPlan planStep() {
        StepBuilder step = new StepBuilder(profile.maxNumBatchedTokens());
        boolean preempted = scheduleRunning(step);
        if (!preempted) {
            scheduleWaiting(step);
        }
        if (step.isEmpty()) {
            return null;
        }
        return step.build(timing);
    }

    /** Applies a planned step at the current clock time. */
    public void completeStep(StepPlan plan) {
        long now = clock.nowNanos();
        List<SimRequest> requests = plan.requests();
        for (int i = 0; i < requests.size(); i++) {
            SimRequest request = requests.get(i);
            if (request.state != SimRequest.State.RUNNING) {
                continue; // aborted or preempted while the step ran
            }
            request.computed += plan.tokens()[i];
            registerFullBlocks(request);
            if (request.computed == request.length) {
                sample(request, now);
            }
        }
        observers.forEach(o -> o.stepFinished(plan));
    }

    public EngineSnapshot snapshot() {
        Set<String> runningAdapters = adaptersOf(running);
        Set<String> waitingAdapters = adaptersOf(waiting);
        return new EngineSnapshot(running.size(), waiting.size(), cache.usage(), cache.usedBlocks(),
            cache.capacity(), cache.cachedBlocks(), List.copyOf(runningAdapters), List.copyOf(waitingAdapters));
    }

    /** Frees an unloaded adapter's slot. */
    public void unloadAdapter(String adapter) {
        loras.evict(adapter);
    }

    private boolean scheduleRunning(StepBuilder step) {
        boolean preempted = false;
        for (int i = 0; i < running.size() && step.budget() > 0; i++) {
            SimRequest request = running.get(i);
            int tokens = Math.min(request.length - request.computed, step.budget());
            while (!allocateFor(request, request.computed + tokens)) {
                SimRequest victim = running.remove(running.size() - 1);
                preempt(victim);
                preempted = true;
                if (victim == request) {
                    return true;
                }
            }
            step.add(request, tokens, 0);
        }
        return preempted;
    }

    private void scheduleWaiting(StepBuilder step) {
        Deque<SimRequest> skipped = new ArrayDeque<>();
        while (step.budget() > 0 && running.size() < profile.maxNumSeqs() && !waiting.isEmpty()) {
            SimRequest request = waiting.peekFirst();
            int loraLoad = request.adapter() == null ? 0 : loras.acquire(request.adapter(), adaptersOf(running));
            if (loraLoad < 0) {
                skipped.addLast(waiting.pollFirst());
                continue;
            }
            if (!admit(request, step.budget())) {
                if (loraLoad == 1) {
                    loras.evict(request.adapter()); // not loaded after all: the load is paid when it runs
                }
                break;
            }
            waiting.pollFirst();
            running.add(request);
            request.state = SimRequest.State.RUNNING;
            if (request.scheduledNanos < 0) {
                request.scheduledNanos = clock.nowNanos();
            }
            step.add(request, Math.min(request.length - request.computed, step.budget()), loraLoad);
        }
        while (!skipped.isEmpty()) {
            waiting.addFirst(skipped.pollLast());
        }
    }

    /** Reuses the cached prefix and allocates blocks for the first chunk; all or nothing. */
    private boolean admit(SimRequest request, int budget) {
        int hitTokens;
        if (request.spec.kvTransferred() && request.preemptions == 0) {
            // decode role: the prompt's KV arrives from the prefill instance, only the last token is computed here
            List<KvBlock> transferred = cache.allocate(blocksFor(request.length));
            if (transferred == null) {
                return false;
            }
            request.blocks.addAll(transferred);
            request.computed = request.length - 1;
            hitTokens = request.computed; // reported as cached, as vLLM counts connector-loaded tokens
        } else {
            long[] hashes = request.fullBlockHashes(profile.blockSize(), hashRoot);
            int hitBlocks = cache.cachedPrefixBlocks(hashes, (request.length - 1) / profile.blockSize());
            request.blocks.addAll(cache.touch(hashes, hitBlocks));
            request.registeredBlocks = hitBlocks;
            hitTokens = hitBlocks * profile.blockSize();
            request.computed = hitTokens;
        }
        int tokens = Math.min(request.length - request.computed, budget);
        if (!allocateFor(request, request.computed + tokens)) {
            releaseBlocks(request);
            return false;
        }
        if (request.spec.kvTransferred() && request.preemptions == 0) {
            observers.forEach(o -> o.externalPrefixLoaded(request, request.length, hitTokens));
        } else {
            observers.forEach(o -> o.prefixLookup(request, request.length, hitTokens));
        }
        if (request.cachedTokens < 0) {
            request.cachedTokens = hitTokens;
        }
        return true;
    }

    private boolean allocateFor(SimRequest request, int tokens) {
        int missing = blocksFor(tokens) - request.blocks.size();
        if (missing <= 0) {
            return true;
        }
        List<KvBlock> fresh = cache.allocate(missing);
        if (fresh == null) {
            return false;
        }
        request.blocks.addAll(fresh);
        return true;
    }

    private int blocksFor(int tokens) {
        return (tokens + profile.blockSize() - 1) / profile.blockSize();
    }

    private void registerFullBlocks(SimRequest request) {
        int full = request.computed / profile.blockSize();
        if (full <= request.registeredBlocks) {
            return;
        }
        long[] hashes = request.fullBlockHashes(profile.blockSize(), hashRoot);
        KvCacheListener listener = cache.listener();
        for (int b = request.registeredBlocks; b < full; b++) {
            if (cache.register(request.blocks.get(b), hashes[b])) {
                listener.blockStored(hashes[b], b == 0 ? null : hashes[b - 1], request.tokens, b * profile.blockSize(),
                    profile.blockSize(), request.adapter());
            }
        }
        request.registeredBlocks = full;
    }

    private void sample(SimRequest request, long now) {
        request.text.next();
        request.append(request.text.id());
        long gap = request.lastTokenNanos < 0 ? -1 : now - request.lastTokenNanos;
        if (request.firstTokenNanos < 0) {
            request.firstTokenNanos = now;
        }
        request.lastTokenNanos = now;
        observers.forEach(o -> o.tokenEmitted(request, gap));
        request.spec.sink().onToken(request, request.outputTokens() - 1, request.text.id(), request.text.text());
        if (request.outputTokens() >= request.maxTokens()) {
            finish(request, request.spec.limitReason(), now);
        }
    }

    private void preempt(SimRequest victim) {
        releaseBlocks(victim);
        victim.state = SimRequest.State.WAITING;
        victim.preemptions++;
        waiting.addFirst(victim);
        observers.forEach(o -> o.requestPreempted(victim));
    }

    private void finish(SimRequest request, FinishReason reason, long now) {
        if (request.state == SimRequest.State.RUNNING) {
            running.remove(request);
        }
        releaseBlocks(request);
        request.state = SimRequest.State.FINISHED;
        request.finishedNanos = now;
        observers.forEach(o -> o.requestFinished(request, reason));
        request.spec.sink().onFinish(request, reason);
    }

    private void releaseBlocks(SimRequest request) {
        cache.free(request.blocks);
        request.blocks.clear();
        request.computed = 0;
        request.registeredBlocks = 0;
    }

    private static Set<String> adaptersOf(Iterable<SimRequest> requests) {
        Set<String> adapters = new LinkedHashSet<>();
        for (SimRequest request : requests) {
            if (request.adapter() != null) {
                adapters.add(request.adapter());
            }
        }
        return adapters;
    }
}
