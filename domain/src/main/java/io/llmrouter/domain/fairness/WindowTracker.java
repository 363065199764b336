package io.llmrouter.domain.fairness;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Kthena's token tracker: weighted tokens in one-second buckets over a sliding window, plus a weight
 * per completed request. Unlike Kthena, a user whose buckets have all left the window is forgotten,
 * so memory is bounded by the users active within one window.
 */
final class WindowTracker implements UsageTracker {

    private static final long SECOND = 1_000_000_000L;

    private final long windowNanos;
    private final double inputWeight;
    private final double outputWeight;
    private final double requestWeight;
    private final Map<String, Usage> users = new HashMap<>();

    WindowTracker(long windowNanos, double inputWeight, double outputWeight, double requestWeight) {
        this.windowNanos = windowNanos;
        this.inputWeight = inputWeight;
        this.outputWeight = outputWeight;
        this.requestWeight = requestWeight;
    }

    private static final class Usage {
        final ArrayDeque<double[]> buckets = new ArrayDeque<>(); // {second, tokens, requests}
        double tokens;
        double requests;

        void prune(long oldestSecond) {
            while (!buckets.isEmpty() && buckets.peekFirst()[0] < oldestSecond) {
                double[] b = buckets.pollFirst();
                tokens -= b[1];
                requests -= b[2];
            }
            if (buckets.isEmpty()) {
                tokens = 0; // no drift from float subtraction
                requests = 0;
            }
        }
    }

    private long oldestSecond(long now) {
        return Math.floorDiv(now - windowNanos, SECOND);
    }

    @Override
    public double priority(String user, long now) {
        Usage u = users.get(user);
        if (u == null) {
            return 0;
        }
        u.prune(oldestSecond(now));
        return u.tokens + requestWeight * u.requests;
    }

    @Override
    public void charge(String user, long inputTokens, long outputTokens, long now) {
        Usage u = users.computeIfAbsent(user, k -> new Usage());
        long second = Math.floorDiv(now, SECOND);
        double tokens = Math.max(0, inputTokens) * inputWeight + Math.max(0, outputTokens) * outputWeight;
        double[] last = u.buckets.peekLast();
        if (last != null && last[0] == second) {
            last[1] += tokens;
            last[2] += 1;
        } else {
            u.buckets.addLast(new double[] {second, tokens, 1});
        }
        u.tokens += tokens;
        u.requests += 1;
        u.prune(oldestSecond(now));
    }

    @Override
    public void activated(String user, Set<String> active, long now) {
        // the window forgets by itself: nothing to lift
    }

    @Override
    public int evict(Set<String> active, long now) {
        int evicted = 0;
        long oldest = oldestSecond(now);
        for (Iterator<Map.Entry<String, Usage>> it = users.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Usage> e = it.next();
            e.getValue().prune(oldest);
            if (e.getValue().buckets.isEmpty() && !active.contains(e.getKey())) {
                it.remove();
                evicted++;
            }
        }
        return evicted;
    }

    @Override
    public int size() {
        return users.size();
    }
}
