package io.llmrouter.domain.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.resource.ResourceId;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link PodBlockTable} and {@link PrefixIndex} against a plain model (a set of recorded blocks
 * per pod) under random record / lookup / remove sequences. The table may forget any block
 * (eviction), so the model bounds what it may hold; what it does hold is read from its slots, and
 * a reported match must be exactly the run of held blocks from block 0, never more. Where the
 * model is exact (nothing evicted yet), the match must equal the model's.
 *
 * <p>Prompts are strings over a 3-letter alphabet, one byte per block, built on three shared
 * "system prompts", so prompts share prefixes of every length as real traffic does.
 */
class PrefixIndexPropertyTest {

    private static final String[] BASES = {"abcabcabcabcaabbccabc", "aaaaaaaaaabbbbbbbbbbcc", "cbacbacbaccbbaa"};
    private static final List<ResourceId> PODS = List.of(ResourceId.of("default", "p0"), ResourceId.of("default", "p1"),
            ResourceId.of("default", "p2"));

    sealed interface Op permits Record, Lookup, Remove {
    }

    record Record(int pod, String prompt) implements Op {
    }

    record Lookup(int pod, String prompt) implements Op {
    }

    record Remove(int pod) implements Op {
    }

    record TableCase(List<Op> ops, int capacity) {
    }

    record IndexCase(List<Op> ops, int maxEntriesPerPod, long budget) {
    }

    @Test
    void table_matchIsTheContiguouslyHeldRun() {
        Gen<TableCase> cases = Gen.combine(tableOps(), Gen.ints(1, 24), TableCase::new);
        Property.check("PodBlockTable held run", 300, cases,
                c -> tableMatchIsTheContiguouslyHeldRun(c.ops(), c.capacity()));
    }

    private static void tableMatchIsTheContiguouslyHeldRun(List<Op> ops, int capacity) {
        PodBlockTable table = new PodBlockTable(capacity);
        Set<Long> recorded = new HashSet<>();
        for (Op op : ops) {
            switch (op) {
                case Record r -> {
                    long[] hashes = hashes(r.prompt());
                    table.recordAll(hashes);
                    for (long h : hashes) {
                        recorded.add(HeldBlocks.stored(h));
                    }
                }
                case Lookup l -> {
                    long[] hashes = hashes(l.prompt());
                    Set<Long> held = HeldBlocks.of(table);
                    int reported = table.leadingRun(hashes);
                    assertEquals(HeldBlocks.contiguous(held, hashes), reported, "match vs held run");
                    assertTrue(reported <= HeldBlocks.contiguous(recorded, hashes), "match beyond anything recorded");
                    if (table.evictions() == 0) {
                        assertEquals(HeldBlocks.contiguous(recorded, hashes), reported, "nothing evicted: exact");
                    }
                }
                case Remove ignored -> {
                }
            }
            Set<Long> held = HeldBlocks.of(table);
            assertTrue(recorded.containsAll(held), "holds a block never recorded");
            assertEquals(held.size(), table.size());
            assertTrue(table.size() <= capacity);
            for (long h : recorded) {
                assertEquals(held.contains(h), table.contains(h));
            }
        }
    }

    @Test
    void index_matchNeverExceedsHeldRun_andRemovalReleasesEverything() {
        Gen<List<Op>> ops = indexOps();
        Gen<Integer> perPod = perPod();
        Gen<Long> budgets = budgets();
        Gen<IndexCase> cases = r -> new IndexCase(ops.next(r), perPod.next(r), budgets.next(r));
        Property.check("PrefixIndex held run and removal", 300, cases,
                c -> indexHeldRunAndRemoval(c.ops(), c.maxEntriesPerPod(), c.budget()));
    }

    private static void indexHeldRunAndRemoval(List<Op> ops, int maxEntriesPerPod, long budget) {
        PrefixIndex index = new PrefixIndex(maxEntriesPerPod, budget);
        Map<Integer, Set<Long>> model = new HashMap<>();   // pods with a table -> every block recorded since
        Set<Integer> tombstoned = new HashSet<>();
        for (Op op : ops) {
            switch (op) {
                case Record r -> {
                    if (!tombstoned.contains(r.pod())) {
                        Set<Long> blocks = model.computeIfAbsent(r.pod(), p -> new HashSet<>());
                        for (long h : hashes(r.prompt())) {
                            blocks.add(HeldBlocks.stored(h));
                        }
                    }
                    index.record(PODS.get(r.pod()), hashes(r.prompt()));
                }
                case Lookup l -> {
                    long[] hashes = hashes(l.prompt());
                    ResourceId pod = PODS.get(l.pod());
                    PodBlockTable table = index.table(pod);
                    int reported = index.matchLength(pod, hashes);
                    tombstoned.remove(l.pod());
                    if (table == null) {
                        assertEquals(0, reported);
                    } else {
                        assertEquals(HeldBlocks.contiguous(HeldBlocks.of(table), hashes), reported, "match vs held run");
                        Set<Long> recorded = model.get(l.pod());
                        assertTrue(reported <= HeldBlocks.contiguous(recorded, hashes), "match beyond anything recorded");
                        if (table.evictions() == 0) {
                            assertEquals(HeldBlocks.contiguous(recorded, hashes), reported, "nothing evicted: exact");
                        }
                    }
                }
                case Remove rm -> {
                    index.remove(PODS.get(rm.pod()));
                    model.remove(rm.pod());
                    tombstoned.add(rm.pod());
                }
            }
            checkAccounting(index, model, maxEntriesPerPod, budget);
        }
        for (ResourceId pod : PODS) {
            index.remove(pod);
        }
        assertEquals(0, index.bytes(), "bytes left after every pod was removed");
        assertEquals(0, index.entries());
        assertEquals(0, index.tables());
    }

    private static void checkAccounting(PrefixIndex index, Map<Integer, Set<Long>> model, int maxEntriesPerPod,
                                        long budget) {
        long bytes = 0;
        long entries = 0;
        for (int p = 0; p < PODS.size(); p++) {
            PodBlockTable table = index.table(PODS.get(p));
            if (model.containsKey(p)) {
                assertNotNull(table, "pod " + p + " lost its table");
                Set<Long> held = HeldBlocks.of(table);
                assertTrue(model.get(p).containsAll(held), "pod " + p + " holds a block not recorded since it was added");
                assertTrue(table.size() <= maxEntriesPerPod);
                bytes += table.bytes();
                entries += table.size();
            } else {
                assertNull(table, "pod " + p + " has a table after its removal");
            }
        }
        assertEquals(bytes, index.bytes(), "budget accounting");
        assertEquals(entries, index.entries());
        long floor = PODS.size() * PodBlockTable.bytesFor(Math.min(maxEntriesPerPod, PodBlockTable.INITIAL_CAPACITY));
        assertTrue(index.bytes() <= Math.max(budget, 0) + floor, index.bytes() + " over budget " + budget);
    }

    private static long[] hashes(String prompt) {
        return BlockHashes.compute(prompt.getBytes(StandardCharsets.US_ASCII), new BlockHashes.Spec("m", 1, 64));
    }

    private static Gen<List<Op>> tableOps() {
        return ops(Gen.just(0), false);
    }

    private static Gen<List<Op>> indexOps() {
        return ops(Gen.ints(0, PODS.size() - 1), true);
    }

    private static Gen<Integer> perPod() {
        return Gen.of(4, 16, 300, 700);
    }

    private static Gen<Long> budgets() {
        return Gen.of(1L, 6_000L, 20_000L, 1L << 22);
    }

    private static Gen<List<Op>> ops(Gen<Integer> pods, boolean removals) {
        Gen<Integer> bases = Gen.ints(0, BASES.length - 1);
        Gen<Integer> cuts = Gen.ints(0, 22);
        Gen<String> suffixes = Gen.strings("abc", 0, 40);
        Gen<String> prompts = r -> {
            String b = BASES[bases.next(r)];
            int cut = cuts.next(r);
            String prompt = b.substring(0, Math.min(cut, b.length())) + suffixes.next(r);
            return prompt.isEmpty() ? "a" : prompt;
        };
        Gen<Op> record = Gen.combine(pods, prompts, Record::new);
        Gen<Op> lookup = Gen.combine(pods, prompts, Lookup::new);
        Gen<Op> remove = pods.map(Remove::new);
        Gen<Op> op = removals ? Gen.frequency(5, record, 5, lookup, 1, remove) : Gen.frequency(1, record, 1, lookup);
        return op.list(0, 80);
    }
}
