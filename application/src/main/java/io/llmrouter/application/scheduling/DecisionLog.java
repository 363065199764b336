package io.llmrouter.application.scheduling;

import io.llmrouter.domain.scheduling.framework.DecisionTrace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The most recent scheduling decisions, for {@code /debug/decisions}. A fixed ring written without
 * locks (an atomic sequence picks the slot); a reader may see a slot overwritten while it reads,
 * which only means it gets a newer decision: acceptable for a debug view.
 */
public final class DecisionLog {

    /** One logged decision with the request it served. */
    public record Entry(long sequence, Instant at, String requestId, DecisionTrace trace) {
    }

    private final AtomicReferenceArray<Entry> ring;
    private final AtomicLong sequence = new AtomicLong();

    public DecisionLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("'capacity' must be >= 1, was " + capacity);
        }
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    public void record(Instant at, String requestId, DecisionTrace trace) {
        long seq = sequence.getAndIncrement();
        ring.set((int) (seq % ring.length()), new Entry(seq, at, requestId, trace));
    }

    /** Newest first, at most {@code limit}. */
    public List<Entry> recent(int limit) {
        List<Entry> out = new ArrayList<>();
        long last = sequence.get() - 1;
        for (long s = last; s >= 0 && s > last - ring.length() && out.size() < limit; s--) {
            Entry e = ring.get((int) (s % ring.length()));
            if (e != null && e.sequence() == s) {
                out.add(e);
            }
        }
        return out;
    }
}
