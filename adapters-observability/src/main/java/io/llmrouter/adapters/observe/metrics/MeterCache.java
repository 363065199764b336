package io.llmrouter.adapters.observe.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Meters resolved once per label set: the first request with a given set registers them, later
 * ones find them with one hash lookup (lock-free {@code get}; {@code computeIfAbsent} only on a
 * miss), instead of building tags and asking the registry on every request.
 */
final class MeterCache<K, M> {

    private final ConcurrentHashMap<K, M> meters = new ConcurrentHashMap<>();
    private final Function<K, M> create;

    MeterCache(Function<K, M> create) {
        this.create = create;
    }

    M get(K key) {
        M m = meters.get(key);
        return m != null ? m : meters.computeIfAbsent(key, create);
    }

    int size() {
        return meters.size();
    }
}
