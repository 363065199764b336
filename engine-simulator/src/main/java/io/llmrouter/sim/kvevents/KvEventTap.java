package io.llmrouter.sim.kvevents;

import io.llmrouter.sim.core.EngineObserver;
import io.llmrouter.sim.core.KvCacheListener;
import io.llmrouter.sim.core.StepPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Turns the block cache's changes into vLLM-shaped KV events, one batch per engine step (vLLM
 * publishes the events a step produced together). Consecutive blocks of one request become one
 * BlockStored with the parent's hash, as vLLM's block pool reports them; every hash is vLLM's
 * {@code sha256_cbor} of the block's tokens, chained on the parent's, so it is what a vLLM run
 * with that hash and seed would send. LoRA blocks carry the adapter name in their extra keys.
 *
 * <p>Contract: called on the engine's thread under its lock (listener and observer alike); the
 * batch is handed to {@code sink} there, so the sink must only enqueue.
 */
public final class KvEventTap implements KvCacheListener, EngineObserver {

    private final byte[] noneHash;
    private final Consumer<SimKvEvent.Batch> sink;
    private final DoubleSupplier seconds;
    /** The simulator's own block hash → vLLM's, for removals and parents; as large as the cache at most. */
    private final Map<Long, byte[]> vllmHashes = new HashMap<>();
    private final List<SimKvEvent> pending = new ArrayList<>();
    // the BlockStored being built: consecutive blocks of one chain
    private List<byte[]> runHashes;
    private byte[] runParent;
    private int[] runTokens;
    private int runLength;
    private int runBlockSize;
    private String runAdapter;
    private long runLastSimHash;
    private List<byte[]> removed;

    public KvEventTap(String seed, DoubleSupplier seconds, Consumer<SimKvEvent.Batch> sink) {
        this.noneHash = VllmBlockHash.noneHash(seed);
        this.seconds = seconds;
        this.sink = sink;
    }

    @Override
    public void blockStored(long hash, Long parentHash, int[] tokens, int from, int blockSize, String adapter) {
        byte[] parent = parentHash == null ? noneHash : vllmHashes.get(parentHash);
        if (parent == null) {
            parent = noneHash; // cannot happen: a stored block's parent is in use by the same request
        }
        String[] extra = adapter == null ? null : new String[] {adapter};
        byte[] vllm = VllmBlockHash.block(parent, tokens, from, blockSize, extra);
        vllmHashes.put(hash, vllm);
        boolean continues = runHashes != null && parentHash != null && parentHash == runLastSimHash
                && java.util.Objects.equals(adapter, runAdapter) && blockSize == runBlockSize;
        if (!continues) {
            flushRun();
            runHashes = new ArrayList<>();
            runParent = parentHash == null ? null : parent;
            runTokens = new int[blockSize * 4];
            runLength = 0;
            runBlockSize = blockSize;
            runAdapter = adapter;
        }
        flushRemoved();
        runHashes.add(vllm);
        if (runLength + blockSize > runTokens.length) {
            runTokens = Arrays.copyOf(runTokens, runTokens.length * 2);
        }
        System.arraycopy(tokens, from, runTokens, runLength, blockSize);
        runLength += blockSize;
        runLastSimHash = hash;
    }

    @Override
    public void blockRemoved(long hash) {
        byte[] vllm = vllmHashes.remove(hash);
        if (vllm == null) {
            return;
        }
        flushRun();
        if (removed == null) {
            removed = new ArrayList<>();
        }
        removed.add(vllm);
    }

    @Override
    public void stepFinished(StepPlan step) {
        flush();
    }

    /** Hands over what is pending as one batch (also called when the engine is idle and a cache reset happened). */
    public void flush() {
        flushRun();
        flushRemoved();
        if (!pending.isEmpty()) {
            sink.accept(new SimKvEvent.Batch(seconds.getAsDouble(), List.copyOf(pending)));
            pending.clear();
        }
    }

    private void flushRun() {
        if (runHashes != null) {
            pending.add(new SimKvEvent.BlockStored(List.copyOf(runHashes), runParent, Arrays.copyOf(runTokens, runLength),
                    runBlockSize, runAdapter, "GPU"));
            runHashes = null;
        }
    }

    private void flushRemoved() {
        if (removed != null) {
            pending.add(new SimKvEvent.BlockRemoved(List.copyOf(removed), "GPU"));
            removed = null;
        }
    }
}
