package io.llmrouter.domain.fairness;

import java.util.List;

/**
 * Decides whether one more queued request may go to its ModelServer now. Work-conserving: when
 * nothing of the router's is in flight there, one request is always let through, whatever the
 * signals say (stale metrics must not stall a queue forever). Not thread-safe: its queue's lock guards it.
 */
final class CapacityGate {

    private final GateSettings settings;
    private final long qpsIntervalNanos;
    private long nextQpsRelease = Long.MIN_VALUE;

    CapacityGate(GateSettings settings) {
        this.settings = settings;
        this.qpsIntervalNanos = Math.max(1, (long) (1e9 / settings.maxQps()));
    }

    /**
     * @param pods      the target's ready pods
     * @param released  requests of this queue released and not finished (some may not be in flight yet)
     * @param reserved  KV tokens those requests will need at most, the candidate's included
     * @param candidate KV tokens the candidate will need at most, with those released since {@code pods} was read
     * @param limited   the candidate's flow holds more than its fair share while others are active:
     *                  it may not take the last {@code flowHeadroom} of the capacity
     */
    boolean hasRoom(List<PodLoad> pods, int released, long reserved, long candidate, boolean limited, long now) {
        int inFlight = 0;
        for (PodLoad p : pods) {
            inFlight += p.inFlight();
        }
        boolean idle = inFlight == 0 && released == 0;
        double limit = limited ? 1 - settings.flowHeadroom() : 1;
        return switch (settings.mode()) {
            case QPS -> now >= nextQpsRelease;
            case MAX_CONCURRENT -> released < settings.maxConcurrent();
            case CONCURRENCY -> Math.max(inFlight, released) < (long) pods.size() * settings.perPodLimit() * limit
                    || idle;
            case UTILIZATION -> idle || (saturation(pods, Math.max(0, released - inFlight)) < limit
                    && tokenShare(pods, reserved, candidate) <= limit);
        };
    }

    /**
     * The KV that released requests will need at most over what the pods hold, against
     * {@code tokenThreshold}; 0 when the term is off or no capacity is known.
     */
    double tokenShare(List<PodLoad> pods, long reserved, long candidate) {
        if (settings.tokenThreshold() == 0) {
            return 0;
        }
        long capacity = 0;
        long peak = 0;
        boolean progress = !pods.isEmpty();
        for (PodLoad p : pods) {
            long c = p.metrics().map(m -> m.kvCapacityTokens()).orElse(-1L);
            capacity += c > 0 ? c : settings.podTokenCapacity();
            progress &= p.peakKvTokens() >= 0;
            peak += Math.max(0, p.peakKvTokens());
        }
        long need = progress ? peak + candidate : reserved;
        return capacity == 0 ? 0 : need / (settings.tokenThreshold() * capacity);
    }

    /** Called for each release: the QPS mode spaces the next one. */
    void released(long now) {
        if (settings.mode() == GateSettings.Mode.QPS) {
            nextQpsRelease = Math.max(nextQpsRelease, now) + qpsIntervalNanos;
        }
    }

    /** Nanoseconds until a time-based gate may open again; 0 if not time-based. */
    long nanosUntilOpen(long now) {
        return settings.mode() == GateSettings.Mode.QPS ? Math.max(0, nextQpsRelease - now) : 0;
    }

    /**
     * llm-d's utilization detector, the mean over pods of max(waiting/threshold, kv/threshold), with
     * the router's own knowledge folded in: requests it sent that the engine does not report running
     * count as waiting (a scrape lags behind a burst), released requests not yet sent are spread over
     * the pods, a pod without fresh metrics counts as full (llm-d), and perPodLimit caps a pod too.
     */
    double saturation(List<PodLoad> pods, int notYetSent) {
        if (pods.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        double pending = (double) notYetSent / pods.size();
        double sum = 0;
        for (PodLoad p : pods) {
            double score;
            if (p.metrics().isEmpty()) {
                score = 1.0;
            } else {
                var m = p.metrics().get();
                double waiting = Math.max(m.waiting(), p.inFlight() - Math.max(0, m.running())) + pending;
                score = waiting / settings.queueDepthThreshold();
                if (m.hasKvCacheUsage()) {
                    score = Math.max(score, m.kvCacheUsage() / settings.kvCacheThreshold());
                }
            }
            if (settings.perPodLimit() > 0) {
                score = Math.max(score, (p.inFlight() + pending) / settings.perPodLimit());
            }
            sum += score;
        }
        return sum / pods.size();
    }
}
