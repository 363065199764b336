package io.llmrouter.sim.http;

import io.llmrouter.sim.core.EngineObserver;
import io.llmrouter.sim.core.FinishReason;
import io.llmrouter.sim.core.SimRequest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request counts behind {@code SimulatedEngine.stats()}. Atomic so tests can read them without
 * the engine lock; the engine-side ones are updated as an {@link EngineObserver}.
 */
public final class RequestCounters implements EngineObserver {

    final AtomicLong received = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private final AtomicLong prefixQueried = new AtomicLong();
    private final AtomicLong prefixHit = new AtomicLong();
    private final AtomicLong preemptions = new AtomicLong();
    /** Decode-role requests whose prompt KV came from a prefill instance, and those that recomputed it. */
    final AtomicLong kvTransfers = new AtomicLong();
    final AtomicLong prefillsRecomputed = new AtomicLong();

    public long kvTransfers() {
        return kvTransfers.get();
    }

    public long prefillsRecomputed() {
        return prefillsRecomputed.get();
    }

    @Override
    public void prefixLookup(SimRequest request, int queriedTokens, int hitTokens) {
        prefixQueried.addAndGet(queriedTokens);
        prefixHit.addAndGet(hitTokens);
    }

    @Override
    public void requestPreempted(SimRequest request) {
        preemptions.incrementAndGet();
    }

    public long prefixQueriedTokens() {
        return prefixQueried.get();
    }

    public long prefixHitTokens() {
        return prefixHit.get();
    }

    public long preemptions() {
        return preemptions.get();
    }

    @Override
    public void requestQueued(SimRequest request) {
        queued.incrementAndGet();
    }

    @Override
    public void requestFinished(SimRequest request, FinishReason reason) {
        (reason == FinishReason.ABORT ? aborted : completed).incrementAndGet();
    }

    public long received() {
        return received.get();
    }

    public long failed() {
        return failed.get();
    }

    public long completed() {
        return completed.get();
    }

    public long aborted() {
        return aborted.get();
    }

    public long active() {
        return queued.get() - completed.get() - aborted.get();
    }
}
