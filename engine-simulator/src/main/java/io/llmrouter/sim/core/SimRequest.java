package io.llmrouter.sim.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One request inside the engine core: its token sequence (prompt, then output), how much of it
 * has KV computed, the blocks it holds, and its timings. Mutated only by {@link EngineCore} under
 * the engine lock; the public getters are for observers and drivers running under that lock or
 * after the request finished.
 *
 * <p>The same rule drives prefill and decode: a step schedules {@code length - computed} tokens
 * (capped by the token budget); when {@code computed} reaches {@code length} a token is sampled
 * and appended, so a decoding request always has exactly one token left to compute.
 */
public final class SimRequest {

    enum State { WAITING, RUNNING, FINISHED }

    final GenerationRequest spec;
    final TextGenerator text;
    final long adapterKey;
    int[] tokens;
    int length;
    int computed;
    int registeredBlocks;
    long[] hashes = new long[0];
    final List<KvBlock> blocks = new ArrayList<>();
    State state = State.WAITING;
    int cachedTokens = -1;
    int preemptions;
    long arrivalNanos;
    long scheduledNanos = -1;
    long firstTokenNanos = -1;
    long lastTokenNanos = -1;
    long finishedNanos = -1;

    SimRequest(GenerationRequest spec, long arrivalNanos) {
        this.spec = spec;
        this.text = new TextGenerator(spec.seed());
        this.adapterKey = BlockHasher.adapterKey(spec.adapter());
        this.tokens = Arrays.copyOf(spec.promptTokens(), spec.promptTokens().length + spec.maxTokens());
        this.length = spec.promptTokens().length;
        this.arrivalNanos = arrivalNanos;
    }

    public String id() {
        return spec.id();
    }

    public String adapter() {
        return spec.adapter();
    }

    public int promptTokens() {
        return spec.promptTokens().length;
    }

    /** Prompt tokens served from the prefix cache at first scheduling (what {@code cached_tokens} reports). */
    public int cachedTokens() {
        return Math.max(cachedTokens, 0);
    }

    public int outputTokens() {
        return length - promptTokens();
    }

    public int maxTokens() {
        return spec.maxTokens();
    }

    public long arrivalNanos() {
        return arrivalNanos;
    }

    public long scheduledNanos() {
        return scheduledNanos;
    }

    public long firstTokenNanos() {
        return firstTokenNanos;
    }

    public long lastTokenNanos() {
        return lastTokenNanos;
    }

    public long finishedNanos() {
        return finishedNanos;
    }

    public int preemptions() {
        return preemptions;
    }

    /** Ids of the KV blocks the request holds now (for the PD hand-off's remote_block_ids). */
    public int[] blockIds() {
        return blocks.stream().mapToInt(block -> block.id).toArray();
    }

    boolean finished() {
        return state == State.FINISHED;
    }

    /** Chained hashes of every full block of the current sequence, computed incrementally. */
    long[] fullBlockHashes(int blockSize, long root) {
        int full = length / blockSize;
        if (hashes.length < full) {
            int known = hashes.length;
            hashes = Arrays.copyOf(hashes, full);
            for (int i = known; i < full; i++) {
                long parent = i == 0 ? root : hashes[i - 1];
                hashes[i] = BlockHasher.chain(parent, tokens, i * blockSize, blockSize, adapterKey);
            }
        }
        return hashes;
    }

    /** Appends a sampled token; the array was sized for the prompt plus max_tokens. */
    void append(int tokenId) {
        tokens[length++] = tokenId;
    }
}
