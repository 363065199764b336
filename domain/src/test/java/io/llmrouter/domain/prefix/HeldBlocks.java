package io.llmrouter.domain.prefix;

import java.util.HashSet;
import java.util.Set;

/** The oracle the prefix tests compare matches with: what a table really holds, read from its slots. */
final class HeldBlocks {

    private HeldBlocks() {
    }

    /** Every key in the table's slot array (hashes as stored: 0 is stored as 1). */
    static Set<Long> of(PodBlockTable table) {
        Set<Long> held = new HashSet<>();
        for (long key : table.keys) {
            if (key != 0) {
                held.add(key);
            }
        }
        return held;
    }

    /** The length of the run of {@code hashes}, from block 0, that {@code held} contains. */
    static int contiguous(Set<Long> held, long[] hashes) {
        int run = 0;
        while (run < hashes.length && held.contains(stored(hashes[run]))) {
            run++;
        }
        return run;
    }

    static long stored(long hash) {
        return hash == 0 ? 1 : hash;
    }
}
