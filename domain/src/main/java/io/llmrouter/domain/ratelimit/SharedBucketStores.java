package io.llmrouter.domain.ratelimit;


/**
 * Opens the bucket store that every router replica shares at an address ({@code host:port}, a
 * ModelRoute's {@code global.redis.address}). Its operations throw
 * {@link BucketStore.Unavailable} when the store does not answer.
 */
public interface SharedBucketStores extends AutoCloseable {

    BucketStore open(String address);

    @Override
    void close();
}
