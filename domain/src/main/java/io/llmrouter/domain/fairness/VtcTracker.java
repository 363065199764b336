package io.llmrouter.domain.fairness;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Virtual token counter (Sheng et al., "Fairness in Serving Large Language Models"; Kthena PR #1399):
 * each user's counter only grows by its weighted tokens, and a user becoming active is lifted to
 * the smallest counter among the active users, so credit cannot be banked while idle. An idle
 * user's counter is forgotten after the TTL; a returning user is lifted anyway, so forgetting
 * changes nothing but memory.
 */
final class VtcTracker implements UsageTracker {

    private final long idleTtlNanos;
    private final double inputWeight;
    private final double outputWeight;
    private final Map<String, Counter> users = new HashMap<>();

    VtcTracker(long idleTtlNanos, double inputWeight, double outputWeight) {
        this.idleTtlNanos = idleTtlNanos;
        this.inputWeight = inputWeight;
        this.outputWeight = outputWeight;
    }

    private static final class Counter {
        double value;
        long lastSeen;

        Counter(double value, long lastSeen) {
            this.value = value;
            this.lastSeen = lastSeen;
        }
    }

    @Override
    public double priority(String user, long now) {
        Counter c = users.get(user);
        return c == null ? 0 : c.value;
    }

    @Override
    public void charge(String user, long inputTokens, long outputTokens, long now) {
        Counter c = users.computeIfAbsent(user, k -> new Counter(0, now));
        c.value += Math.max(0, inputTokens) * inputWeight + Math.max(0, outputTokens) * outputWeight;
        c.lastSeen = now;
    }

    @Override
    public void activated(String user, Set<String> active, long now) {
        double min = Double.POSITIVE_INFINITY;
        for (String other : active) {
            if (!other.equals(user)) {
                Counter c = users.get(other);
                min = Math.min(min, c == null ? 0 : c.value);
            }
        }
        Counter c = users.computeIfAbsent(user, k -> new Counter(0, now));
        if (min != Double.POSITIVE_INFINITY) {
            c.value = Math.max(c.value, min);
        }
        c.lastSeen = now;
    }

    @Override
    public int evict(Set<String> active, long now) {
        int evicted = 0;
        for (Iterator<Map.Entry<String, Counter>> it = users.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Counter> e = it.next();
            if (!active.contains(e.getKey()) && now - e.getValue().lastSeen >= idleTtlNanos) {
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
