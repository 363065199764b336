package io.llmrouter.domain.fairness;

import java.util.Set;

/**
 * A user's recent usage within one model's queue, as a priority (lower is served first). Charged
 * from real usage when a response ends; read whenever the queue picks, so a priority is never
 * frozen at enqueue time. Not thread-safe: its queue's lock guards it.
 */
interface UsageTracker {

    double priority(String user, long now);

    void charge(String user, long inputTokens, long outputTokens, long now);

    /** {@code user} had nothing queued and now has: VTC lifts its counter; {@code active} excludes it. */
    void activated(String user, Set<String> active, long now);

    /** Forgets users not in {@code active} whose state no longer matters; returns how many. */
    int evict(Set<String> active, long now);

    /** Users with state held. */
    int size();

    static UsageTracker of(FairnessSettings s) {
        return switch (s.mode()) {
            case WINDOW -> new WindowTracker(s.windowSize().toNanos(), s.inputTokenWeight(), s.outputTokenWeight(),
                    s.requestWeight());
            case VTC -> new VtcTracker(s.idleTtl().toNanos(), s.inputTokenWeight(), s.outputTokenWeight());
        };
    }
}
