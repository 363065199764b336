package io.llmrouter.sim.kvevents;

/**
 * vLLM's {@code --kv-events-config} for the simulator: where to publish ({@code tcp://127.0.0.1:*}
 * picks a free port), the optional replay socket, the topic, the msgpack encoding, hashes as
 * 64-bit ints or raw bytes, and the {@code NONE_HASH} seed.
 */
public record KvEventsConfig(String endpoint, String replayEndpoint, String topic, KvEventEncoder.Encoding encoding,
                             boolean intHashes, String seed) {

    public static KvEventsConfig loopback(boolean replay, KvEventEncoder.Encoding encoding) {
        return new KvEventsConfig("tcp://127.0.0.1:*", replay ? "tcp://127.0.0.1:*" : null, "", encoding, true,
                VllmBlockHash.DEFAULT_SEED);
    }

    public KvEventsConfig withTopic(String topic) {
        return new KvEventsConfig(endpoint, replayEndpoint, topic, encoding, intHashes, seed);
    }

    public KvEventsConfig withIntHashes(boolean ints) {
        return new KvEventsConfig(endpoint, replayEndpoint, topic, encoding, ints, seed);
    }
}
