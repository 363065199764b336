package io.llmrouter.sim.http;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated LMCache: where the {@code http} / {@code lmcache} connectors' KV cache goes. A
 * prefill-role instance puts each prompt it computed here; a decode-role instance that is sent
 * the same prompt without transfer parameters finds it and loads it (paying the transfer cost)
 * instead of recomputing it. One store per JVM, shared by every simulated instance in it (the
 * demo, the tests, the benchmarks), keyed by model and prompt tokens.
 *
 * <p>Lossy on purpose: bounded at {@link #CAPACITY} prompts, cleared whole when full (a real
 * LMCache evicts too; a miss only costs a recompute, which the decode instance counts).
 */
final class SharedKvStore {

    static final int CAPACITY = 50_000;
    /** Lock-free reads and writes from every simulated instance's request threads. */
    private static final ConcurrentHashMap<Key, Boolean> PROMPTS = new ConcurrentHashMap<>();

    private record Key(String model, int[] prompt, int hash) {
        Key(String model, int[] prompt) {
            this(model, prompt, 31 * model.hashCode() + Arrays.hashCode(prompt));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.model.equals(model) && Arrays.equals(k.prompt, prompt);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private SharedKvStore() {
    }

    static void put(String model, int[] prompt) {
        if (PROMPTS.size() >= CAPACITY) {
            PROMPTS.clear();
        }
        PROMPTS.put(new Key(model, prompt), Boolean.TRUE);
    }

    static boolean contains(String model, int[] prompt) {
        return PROMPTS.containsKey(new Key(model, prompt));
    }
}
