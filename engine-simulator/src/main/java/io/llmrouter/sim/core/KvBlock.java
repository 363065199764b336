package io.llmrouter.sim.core;

/**
 * One physical KV block. Mutable and confined to its {@link BlockKvCache} (the engine lock
 * guards both). A block with {@code refCount == 0} sits in the free queue but keeps its hash, so
 * it can still give a cache hit until it is reallocated.
 */
final class KvBlock {

    final int id;
    int refCount;
    long hash;
    boolean hashed;
    KvBlock prev;
    KvBlock next;

    KvBlock(int id) {
        this.id = id;
    }
}
