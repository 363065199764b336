package io.llmrouter.adapters.redis;

import io.llmrouter.domain.ratelimit.SharedBucketStores;
import io.llmrouter.domain.ratelimit.BucketStore;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link RedisBuckets} per address, all with the same {@link RedisSettings}. */
public final class RedisBucketStores implements SharedBucketStores {

    private final RedisSettings settings;
    private final ConcurrentHashMap<String, RedisBuckets> stores = new ConcurrentHashMap<>();

    public RedisBucketStores(RedisSettings settings) {
        this.settings = settings;
    }

    @Override
    public BucketStore open(String address) {
        return stores.computeIfAbsent(address, a -> new RedisBuckets(a, settings));
    }

    @Override
    public void close() {
        stores.values().forEach(RedisBuckets::close);
        stores.clear();
    }
}
