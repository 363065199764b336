package io.llmrouter.domain.fairness;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One model's fairness queue: a FIFO flow per (band, user), the highest band with work first, and
 * within a band the flow whose user has the lowest current priority (ties: the earliest head). Only
 * flow heads are compared and priorities are read at pick time, so a user's requests always leave
 * in arrival order however priorities move (Kthena's refresh breaks that, kthena#1771), and a
 * priority is never stale by the time it matters. A {@link CapacityGate} decides how many may leave.
 *
 * <p>Not thread-safe: the caller serialises every call (one lock per queue). Time is the caller's
 * {@code now}, in nanoseconds of a monotonic clock, so tests run on a virtual clock.
 *
 * @param <T> what the caller attaches to a queued request (its waiter)
 */
public final class FairQueue<T> {

    /** Key of the one flow shared by callers without identity. */
    public static final String ANONYMOUS = "";
    private static final long EVICT_EVERY_NANOS = 1_000_000_000L;

    private final FairnessSettings settings;
    private final UsageTracker tracker;
    private final CapacityGate gate;
    /** band (highest first) → user → that user's FIFO. */
    private final TreeMap<Integer, Map<String, ArrayDeque<Entry<T>>>> bands = new TreeMap<>(Collections.reverseOrder());
    /** user → queued plus released-and-unfinished requests; a user is active while this is above 0. */
    private final Map<String, Integer> active = new HashMap<>();
    private int size;
    private long bytes;
    private int released;
    /** KV tokens the released requests will need at most, in all and per user (the gate's token term). */
    private long reserved;
    private final Map<String, Long> reservedBy = new HashMap<>();
    /** Mean completion tokens of this model's answers: the cost of a request without max_tokens. */
    private double meanOutput;
    private long seq;
    private long lastEvict = Long.MIN_VALUE;

    public FairQueue(FairnessSettings settings) {
        this.settings = requireNonNull(settings, "'settings' must not be null");
        this.tracker = UsageTracker.of(settings);
        this.gate = new CapacityGate(settings.gate());
        this.meanOutput = settings.gate().expectedOutputTokens();
    }

    /** A queued request. */
    public static final class Entry<T> {
        private final T payload;
        private final String user;
        private final int band;
        private final long bytes;
        private final long promptTokens;
        private final long maxOutputTokens;
        private long cost;
        private final long enqueuedAt;
        private final long seq;
        private boolean queued = true;

        private Entry(T payload, String user, int band, long bytes, long promptTokens, long maxOutputTokens,
                      long enqueuedAt, long seq) {
            this.payload = payload;
            this.user = user;
            this.band = band;
            this.bytes = bytes;
            this.promptTokens = promptTokens;
            this.maxOutputTokens = maxOutputTokens;
            this.enqueuedAt = enqueuedAt;
            this.seq = seq;
        }

        public T payload() {
            return payload;
        }

        public String user() {
            return user;
        }

        public int band() {
            return band;
        }

        public long enqueuedAt() {
            return enqueuedAt;
        }

        @Override
        public String toString() {
            return "Entry[" + user + "#" + seq + "]";
        }
    }

    public FairnessSettings settings() {
        return settings;
    }

    /**
     * The flow key of a caller: its user, or {@link #ANONYMOUS} when it has no identity.
     */
    public static String flowOf(boolean authenticated, String user) {
        return authenticated ? user : ANONYMOUS;
    }

    /** Queues a request of unknown size; null when the queue is full by requests or by bytes. */
    public Entry<T> offer(T payload, String user, int band, long bodyBytes, long now) {
        return offer(payload, user, band, bodyBytes, 0, -1, now);
    }

    /**
     * Queues a request; null when the queue is full by requests or by bytes.
     *
     * @param promptTokens    the prompt's tokens (an estimate will do); 0 when unknown
     * @param maxOutputTokens the request's {@code max_tokens}; -1 when it sets none (the model's mean is assumed)
     */
    public Entry<T> offer(T payload, String user, int band, long bodyBytes, long promptTokens, long maxOutputTokens,
                          long now) {
        requireNonNull(user, "'user' must not be null");
        if (size + 1 > settings.maxRequests() || bytes + bodyBytes > settings.maxBytes()) {
            return null;
        }
        maybeEvict(now);
        Entry<T> e = new Entry<>(payload, user, band, bodyBytes, Math.max(0, promptTokens), maxOutputTokens, now, seq++);
        if (active.getOrDefault(user, 0) == 0) {
            tracker.activated(user, active.keySet(), now);
        }
        active.merge(user, 1, Integer::sum);
        bands.computeIfAbsent(band, b -> new HashMap<>()).computeIfAbsent(user, u -> new ArrayDeque<>()).addLast(e);
        size++;
        bytes += bodyBytes;
        return e;
    }

    /**
     * Releases queued requests while the gate has room, best first; each is counted as released
     * until {@link #finished}. {@code pods} are the target's ready pods, as the router sees them now.
     */
    public List<Entry<T>> dispatch(List<PodLoad> pods, long now) {
        List<Entry<T>> out = List.of();
        long sentNow = 0; // released by this call: not yet in the pods' peaks
        while (size > 0) {
            Entry<T> best = best(now, false);
            boolean limited = overShare(best);
            if (!gate.hasRoom(pods, released, reserved + cost(best), sentNow + cost(best), limited, now)) {
                // The best flow may only be held back by the headroom: a flow within its share may use it.
                best = limited ? best(now, true) : null;
                if (best == null || !gate.hasRoom(pods, released, reserved + cost(best), sentNow + cost(best), false, now)) {
                    break;
                }
            }
            unlink(best);
            released++;
            best.cost = cost(best);
            reserved += best.cost;
            reservedBy.merge(best.user, best.cost, Long::sum);
            sentNow += best.cost;
            gate.released(now);
            if (out.isEmpty()) {
                out = new ArrayList<>(2);
            }
            out.add(best);
        }
        return out;
    }

    /** The request to serve next, without gating or removing it; null when empty. */
    public Entry<T> peek(long now) {
        return size == 0 ? null : best(now);
    }

    /** KV tokens a request will need at most: its prompt and its output limit, or the model's mean answer. */
    private long cost(Entry<T> e) {
        return e.promptTokens + (e.maxOutputTokens >= 0 ? e.maxOutputTokens : Math.round(meanOutput));
    }

    /**
     * Does this request's flow hold more than its fair share of the released tokens (their total,
     * the request's included, over the active flows)? Never when its user is the only one active.
     */
    private boolean overShare(Entry<T> e) {
        if (settings.gate().flowHeadroom() == 0 || active.size() < 2) {
            return false;
        }
        long c = cost(e);
        return (reservedBy.getOrDefault(e.user, 0L) + c) * active.size() > reserved + c;
    }

    private Entry<T> best(long now) {
        return best(now, false);
    }

    /** The best head, or with {@code withinShare} the best head of a flow not over its share (null if none). */
    private Entry<T> best(long now, boolean withinShare) {
        for (Map<String, ArrayDeque<Entry<T>>> flows : bands.values()) {
            Entry<T> best = null;
            double bestPriority = 0;
            for (ArrayDeque<Entry<T>> flow : flows.values()) {
                Entry<T> head = flow.peekFirst();
                if (withinShare && overShare(head)) {
                    continue;
                }
                double p = priority(head.user, now);
                if (best == null || p < bestPriority || (p == bestPriority && head.seq < best.seq)) {
                    best = head;
                    bestPriority = p;
                }
            }
            if (best != null || withinShare) {
                return best; // a higher band with work is never passed over for a lower one
            }
        }
        throw new IllegalStateException("size " + size + " but no flow");
    }

    /** A user's priority now (lower is better); the anonymous flow's may be +∞ (Kthena). */
    public double priority(String user, long now) {
        if (ANONYMOUS.equals(user) && settings.anonymous() == FairnessSettings.AnonymousPriority.LOWEST) {
            return Double.POSITIVE_INFINITY;
        }
        return tracker.priority(user, now);
    }

    /** Takes a still-queued request out (timeout, client gone); false if it already left. */
    public boolean remove(Entry<T> e) {
        if (!e.queued) {
            return false;
        }
        unlink(e);
        deactivate(e.user);
        return true;
    }

    /** A released request ended (however): frees its gate slot. */
    public void finished(Entry<T> e) {
        if (e.queued) {
            throw new IllegalStateException(e + " is still queued");
        }
        released--;
        reserved -= e.cost;
        reservedBy.computeIfPresent(e.user, (u, t) -> t == e.cost ? null : t - e.cost);
        deactivate(e.user);
    }

    /** Charges a user's real usage (after its response ended). */
    public void charge(String user, long inputTokens, long outputTokens, long now) {
        meanOutput += (outputTokens - meanOutput) / 32; // a moving mean over about the last 32 answers
        if (ANONYMOUS.equals(user) && settings.anonymous() == FairnessSettings.AnonymousPriority.LOWEST) {
            return; // its priority is fixed: keeping state for it would be memory for nothing
        }
        tracker.charge(user, inputTokens, outputTokens, now);
        maybeEvict(now);
    }

    private void unlink(Entry<T> e) {
        Map<String, ArrayDeque<Entry<T>>> flows = bands.get(e.band);
        ArrayDeque<Entry<T>> flow = flows.get(e.user);
        flow.remove(e);
        if (flow.isEmpty()) {
            flows.remove(e.user);
            if (flows.isEmpty()) {
                bands.remove(e.band);
            }
        }
        e.queued = false;
        size--;
        bytes -= e.bytes;
    }

    private void deactivate(String user) {
        active.computeIfPresent(user, (u, n) -> n == 1 ? null : n - 1);
    }

    private void maybeEvict(long now) {
        if (lastEvict == Long.MIN_VALUE || now - lastEvict >= EVICT_EVERY_NANOS) {
            lastEvict = now;
            tracker.evict(active.keySet(), now);
        }
    }

    /** Forgets idle users' state now (also done at most once a second on offer and charge). */
    public int evictIdle(long now) {
        lastEvict = now;
        return tracker.evict(active.keySet(), now);
    }

    /** Nanoseconds until a time-based gate (QPS) may open; 0 otherwise. */
    public long nanosUntilGateOpens(long now) {
        return gate.nanosUntilOpen(now);
    }

    public int size() {
        return size;
    }

    public long bytes() {
        return bytes;
    }

    public int released() {
        return released;
    }

    /** KV tokens the released and unfinished requests will need at most (the gate's token term). */
    public long reservedTokens() {
        return reserved;
    }

    /** Users whose usage state is held (bounded by the active users plus one window or TTL). */
    public int trackedUsers() {
        return tracker.size();
    }

    /** Pool saturation as the utilization gate sees it (for /debug and metrics). */
    public double saturation(List<PodLoad> pods) {
        return gate.saturation(pods, Math.max(0, released - pods.stream().mapToInt(PodLoad::inFlight).sum()));
    }

    /** One flow as /debug shows it. */
    public record FlowView(int band, String user, int queued, double priority, long oldestWaitNanos) {
    }

    /** Every flow with work queued, best band first. */
    public List<FlowView> flows(long now) {
        List<FlowView> out = new ArrayList<>();
        bands.forEach((band, flows) -> flows.forEach((user, flow) -> out.add(new FlowView(band, user, flow.size(),
                priority(user, now), now - flow.peekFirst().enqueuedAt))));
        return out;
    }

    /** Users with anything queued or released and unfinished. */
    public Set<String> activeUsers() {
        return new HashSet<>(active.keySet());
    }
}
