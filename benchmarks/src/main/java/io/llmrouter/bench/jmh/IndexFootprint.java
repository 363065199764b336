package io.llmrouter.bench.jmh;

import io.llmrouter.domain.prefix.PodBlockTable;
import io.llmrouter.domain.prefix.PrefixIndex;
import io.llmrouter.domain.resource.ResourceId;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prefix-index memory per indexed block, counted rather than timed: a table's slot arrays
 * ({@link PodBlockTable#bytes()}: 8-byte key + 1-byte reference bit per slot) over the blocks it
 * holds once full. Slots are a power of two at most half full, so the figure depends on where the
 * capacity falls between powers of two: 18 B at best, 36 B just past a power of two. Object
 * headers and the per-pod map entry (about 100 B per pod) are left out: per block they are noise.
 *
 * <pre>java -cp … io.llmrouter.bench.jmh.IndexFootprint</pre>
 */
public final class IndexFootprint {

    private IndexFootprint() {
    }

    /** Bytes per entry of a table filled to capacity with random block hashes. */
    public static double bytesPerEntryAtCapacity(int capacity) {
        PodBlockTable table = new PodBlockTable(capacity);
        table.recordAll(new SplittableRandom(capacity).longs(capacity * 2L).toArray());
        return (double) table.bytes() / table.size();
    }

    /**
     * Total bytes of an index once {@code pods} busy pods each recorded enough blocks to want more
     * than their share of the budget (so growth is limited by the budget, not by the traffic).
     */
    public static long indexBytes(int pods, int maxEntriesPerPod, long budget) {
        PrefixIndex index = new PrefixIndex(maxEntriesPerPod, budget);
        SplittableRandom random = new SplittableRandom(pods);
        int perPod = (int) Math.min(maxEntriesPerPod, Math.max(1024, 4 * budget / pods / PodBlockTable.BYTES_PER_SLOT));
        for (int i = 0; i < pods; i++) {
            index.record(ResourceId.of("default", "pod-" + i), random.longs(perPod).toArray());
        }
        return index.bytes();
    }

    public static void main(String[] args) {
        System.out.println("| table capacity (blocks) | slots | bytes per block at capacity |\n|---|---|---|");
        for (int capacity : new int[] {455, 4_096, 4_097, 50_000, 65_536, 65_537}) {
            System.out.printf(Locale.ROOT, "| %,d | %,d | %.1f |%n", capacity,
                    PodBlockTable.bytesFor(capacity) / PodBlockTable.BYTES_PER_SLOT, bytesPerEntryAtCapacity(capacity));
        }
        long budget = 64L * 1024 * 1024;
        System.out.println("\n| pods | index bytes (slot arrays), default args | vs 64 MiB budget |\n|---|---|---|");
        for (int pods : new int[] {8, 64, 512, 4096}) {
            long bytes = indexBytes(pods, 50_000, budget);
            System.out.printf(Locale.ROOT, "| %,d | %,d | %.2f× |%n", pods, bytes, (double) bytes / budget);
        }
    }
}
