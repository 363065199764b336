package io.llmrouter.domain.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.fairness.FairnessSettings.AnonymousPriority;
import io.llmrouter.domain.fairness.FairnessSettings.Bands;
import io.llmrouter.domain.fairness.FairnessSettings.FairnessMode;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FairQueueTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final List<PodLoad> IDLE_POD = List.of(new PodLoad(0, Optional.empty()));

    private static FairnessSettings settings(FairnessMode mode, GateSettings gate) {
        return FairnessSettings.DEFAULT.withMode(mode).withGate(gate);
    }

    private static List<PodLoad> pods(int... inFlight) {
        List<PodLoad> out = new ArrayList<>();
        for (int n : inFlight) {
            out.add(new PodLoad(n, Optional.empty()));
        }
        return out;
    }

    @Test
    void perUserFifoUnderEveryModeAndGate() {
        for (FairnessMode mode : FairnessMode.values()) {
            for (GateSettings gate : List.of(GateSettings.concurrency(1), GateSettings.maxConcurrent(1),
                    GateSettings.qps(10), GateSettings.DEFAULT)) {
                FairQueue<Integer> q = new FairQueue<>(settings(mode, gate));
                long now = 0;
                List<Integer> order = new ArrayList<>();
                String[] users = {"a", "b", "a", "c", "a", "b", "c", "a"};
                for (int i = 0; i < users.length; i++) {
                    q.offer(i, users[i], 0, 10, now);
                }
                while (q.size() > 0) {
                    now += S;
                    for (FairQueue.Entry<Integer> e : q.dispatch(IDLE_POD, now)) {
                        order.add(e.payload());
                        q.finished(e);
                        q.charge(e.user(), 100 * (e.payload() + 1), 50, now); // priorities move every step
                    }
                }
                Map<String, List<Integer>> perUser = new HashMap<>();
                order.forEach(i -> perUser.computeIfAbsent(users[i], u -> new ArrayList<>()).add(i));
                perUser.values().forEach(l -> assertEquals(l.stream().sorted().toList(), l, mode + " " + gate.mode()));
                assertEquals(users.length, order.size());
            }
        }
    }

    @Test
    void vtcLiftsAUserBecomingActiveToTheActiveMinimum() {
        FairQueue<String> q = new FairQueue<>(settings(FairnessMode.VTC, GateSettings.maxConcurrent(1)));
        q.offer("h1", "heavy", 0, 1, 0);
        q.offer("m1", "medium", 0, 1, 0);
        q.charge("heavy", 1000, 0, 0);
        q.charge("medium", 400, 0, 0);
        // "idle" was away: without the lift it would have counter 0 and could monopolise
        q.charge("idle", 10, 0, 0);
        q.offer("i1", "idle", 0, 1, S);
        assertEquals(400.0, q.priority("idle", S), "lifted to the smallest active counter");
        // a user that stays active keeps its own counter
        assertEquals(1000.0, q.priority("heavy", S));
        // with no other user active there is nothing to lift to
        FairQueue<String> alone = new FairQueue<>(settings(FairnessMode.VTC, GateSettings.maxConcurrent(1)));
        alone.charge("x", 50, 0, 0);
        alone.offer("x1", "x", 0, 1, 0);
        assertEquals(50.0, alone.priority("x", 0));
    }

    @Test
    void windowPriorityIsWeightedTokensOverTheWindow() {
        FairQueue<String> q = new FairQueue<>(FairnessSettings.DEFAULT.withGate(GateSettings.maxConcurrent(1)));
        q.charge("u", 100, 10, 0);
        assertEquals(120.0, q.priority("u", 0), "input x1 + output x2");
        q.charge("u", 1, 0, 2 * 60 * S);
        assertEquals(121.0, q.priority("u", 4 * 60 * S));
        assertEquals(1.0, q.priority("u", 5 * 60 * S + S), "the first charge left the 5 m window");
    }

    @Test
    void heavyUserCannotStarveLightUsers() {
        for (FairnessMode mode : FairnessMode.values()) {
            FairQueue<long[]> q = new FairQueue<>(settings(mode, GateSettings.concurrency(4)));
            // virtual time: one pod, 4 slots, each request takes 1 s; heavy offers 10x the light users' rate
            record Running(FairQueue.Entry<long[]> e, long endsAt) { }
            List<Running> running = new ArrayList<>();
            Map<String, List<Long>> waits = new HashMap<>();
            long step = 50 * MS;
            for (long now = 0; now < 120 * S; now += step) {
                long t = now;
                if (now % (100 * MS) == 0) {
                    q.offer(new long[] {now}, "heavy", 0, 100, now);
                }
                if (now % S == 0) {
                    for (int l = 0; l < 3; l++) {
                        q.offer(new long[] {now}, "light" + l, 0, 100, now);
                    }
                }
                running.removeIf(r -> {
                    if (r.endsAt() <= t) {
                        q.finished(r.e());
                        q.charge(r.e().user(), 200, r.e().user().equals("heavy") ? 500 : 100, t);
                        return true;
                    }
                    return false;
                });
                for (FairQueue.Entry<long[]> e : q.dispatch(pods(running.size()), now)) {
                    waits.computeIfAbsent(e.user().startsWith("light") ? "light" : "heavy", k -> new ArrayList<>())
                            .add(now - e.payload()[0]);
                    running.add(new Running(e, now + S));
                }
            }
            long light = median(waits.get("light"));
            long heavy = median(waits.getOrDefault("heavy", List.of(Long.MAX_VALUE)));
            assertTrue(light < heavy, mode + ": light median wait " + light + " < heavy " + heavy);
            assertTrue(light <= S, mode + ": light users wait at most about one service time, got " + light);
        }
    }

    private static long median(List<Long> xs) {
        List<Long> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    @Test
    void gateReleasesExactlyWhenInFlightDrops() {
        FairQueue<String> q = new FairQueue<>(settings(FairnessMode.WINDOW, GateSettings.concurrency(2)));
        q.offer("a", "u", 0, 1, 0);
        q.offer("b", "u", 0, 1, 0);
        q.offer("c", "v", 0, 1, 0);
        List<FairQueue.Entry<String>> first = q.dispatch(pods(0), 0);
        assertEquals(2, first.size());
        assertEquals(List.of(), q.dispatch(pods(2), 0), "both slots taken");
        assertEquals(List.of(), q.dispatch(pods(2), 10 * S), "time alone opens nothing");
        q.finished(first.get(0));
        List<FairQueue.Entry<String>> next = q.dispatch(pods(1), 10 * S);
        assertEquals(1, next.size(), "exactly one slot freed, exactly one released");
        assertEquals(0, q.size());
    }

    @Test
    void utilizationGateUsesLlmdSaturation() {
        FairQueue<String> q = new FairQueue<>(settings(FairnessMode.WINDOW, GateSettings.DEFAULT));
        q.offer("a", "u", 0, 1, 0);
        PodMetrics busy = metrics(5, 0.1);
        PodMetrics free = metrics(0, 0.2);
        // mean(max(5/5, .1/.8), max(0, .2/.8)) = mean(1, .25) < 1: room
        assertEquals(1, q.dispatch(List.of(new PodLoad(3, Optional.of(busy)), new PodLoad(1, Optional.of(free))), 0).size());
        q.offer("b", "u", 0, 1, 0);
        PodMetrics fullKv = metrics(0, 0.9);
        // mean(1, 0.9/0.8) >= 1: saturated, and the router has work in flight there
        assertEquals(0, q.dispatch(List.of(new PodLoad(3, Optional.of(busy)), new PodLoad(1, Optional.of(fullKv))), 0).size());
        // work-conserving: nothing of ours in flight, one goes whatever the metrics say
        FairQueue<String> idle = new FairQueue<>(settings(FairnessMode.WINDOW, GateSettings.DEFAULT));
        idle.offer("c", "u", 0, 1, 0);
        idle.offer("d", "u", 0, 1, 0);
        assertEquals(1, idle.dispatch(List.of(new PodLoad(0, Optional.empty())), 0).size(),
                "stale metrics count as full, but an idle target always gets one");
    }

    private static PodMetrics metrics(int waiting, double kv) {
        return new PodMetrics(0, waiting, kv, Double.NaN, Double.NaN, Set.of(), -1, Double.NaN, -1, Instant.EPOCH);
    }

    @Test
    void fullQueueRefusesByRequestsAndByBytes() {
        FairQueue<String> q = new FairQueue<>(FairnessSettings.DEFAULT.withBounds(2, 100));
        assertTrue(q.offer("a", "u", 0, 60, 0) != null);
        assertNull(q.offer("b", "u", 0, 41, 0), "bytes");
        assertTrue(q.offer("c", "u", 0, 40, 0) != null);
        assertNull(q.offer("d", "v", 0, 0, 0), "requests");
    }

    @Test
    void anonymousFlowIsLowestOrEqual() {
        FairQueue<String> lowest = new FairQueue<>(FairnessSettings.DEFAULT.withGate(GateSettings.maxConcurrent(1)));
        lowest.offer("anon", FairQueue.ANONYMOUS, 0, 1, 0);
        lowest.charge("u", 1_000_000, 0, 0);
        lowest.offer("u1", "u", 0, 1, 1);
        assertEquals("u1", lowest.peek(1).payload());
        FairQueue<String> equal = new FairQueue<>(FairnessSettings.DEFAULT.withGate(GateSettings.maxConcurrent(1))
                .withAnonymous(AnonymousPriority.EQUAL));
        equal.offer("anon", FairQueue.ANONYMOUS, 0, 1, 0);
        equal.charge("u", 1_000_000, 0, 0);
        equal.offer("u1", "u", 0, 1, 1);
        assertEquals("anon", equal.peek(1).payload());
    }

    @Test
    void higherBandsGoFirstAndBandsComeFromTierOrHeader() {
        FairQueue<String> q = new FairQueue<>(FairnessSettings.DEFAULT.withGate(GateSettings.maxConcurrent(1)));
        q.offer("low", "a", 0, 1, 0);
        q.charge("b", 1_000_000, 0, 0);
        q.offer("high", "b", 1, 1, 1);
        assertEquals("high", q.peek(1).payload(), "band beats usage");
        Bands tier = new Bands(Bands.Source.TIER, "x", Map.of("gold", 2), 0);
        assertEquals(2, tier.band(Optional.empty(), Optional.of("gold")));
        assertEquals(0, tier.band(Optional.empty(), Optional.of("free")));
        Bands header = new Bands(Bands.Source.HEADER, "x-llm-router-priority", Map.of(), 0);
        assertEquals(3, header.band(Optional.of("3"), Optional.empty()));
        assertEquals(0, header.band(Optional.of("high"), Optional.empty()));
    }

    @Test
    void memoryIsBoundedWithManyOneOffUsers() {
        for (FairnessMode mode : FairnessMode.values()) {
            FairQueue<String> q = new FairQueue<>(settings(mode, GateSettings.maxConcurrent(8))
                    .withIdleTtl(Duration.ofMinutes(1)));
            int maxTracked = 0;
            for (int i = 0; i < 100_000; i++) {
                long now = i * 10 * MS; // 100 new users a second for 1000 s
                FairQueue.Entry<String> e = q.offer("r", "user-" + i, 0, 1, now);
                for (FairQueue.Entry<String> d : q.dispatch(IDLE_POD, now)) {
                    q.finished(d);
                    q.charge(d.user(), 10, 10, now);
                }
                maxTracked = Math.max(maxTracked, q.trackedUsers());
            }
            // one window (5 m) or TTL (1 m) of users at 100/s, plus the eviction period
            int bound = (mode == FairnessMode.WINDOW ? 301 : 61) * 100 + 200;
            assertTrue(maxTracked <= bound, mode + ": tracked " + maxTracked + " > " + bound);
            assertTrue(q.evictIdle(2_000 * S) > 0 && q.trackedUsers() == 0, mode + ": all idle users forgotten");
        }
    }

    @Test
    void propertyNothingLostOrDuplicatedAndFifoPerUser() {
        Gen<List<int[]>> ops = Gen.combine(Gen.ints(0, 3), Gen.ints(0, 4), (op, user) -> new int[] {op, user}).list(1, 120);
        Property.check("fair queue keeps every request once, FIFO per user", 300,
                Gen.combine(Gen.of(FairnessMode.values()), ops, (m, o) -> Map.entry(m, o)), c -> {
                    FairQueue<Integer> q = new FairQueue<>(settings(c.getKey(), GateSettings.concurrency(2))
                            .withBounds(50, 1L << 20));
                    List<FairQueue.Entry<Integer>> queued = new ArrayList<>();
                    List<FairQueue.Entry<Integer>> released = new ArrayList<>();
                    Set<Integer> seen = new HashSet<>();
                    Map<String, Integer> lastOut = new HashMap<>();
                    int next = 0;
                    int offered = 0;
                    int removed = 0;
                    long now = 0;
                    for (int[] op : c.getValue()) {
                        now += MS;
                        String user = "u" + op[1];
                        switch (op[0]) {
                            case 0, 1 -> {
                                FairQueue.Entry<Integer> e = q.offer(next++, user, op[1] % 2, 1, now);
                                if (e != null) {
                                    queued.add(e);
                                    offered++;
                                }
                            }
                            case 2 -> {
                                if (!released.isEmpty()) {
                                    FairQueue.Entry<Integer> e = released.remove(0);
                                    q.finished(e);
                                    q.charge(e.user(), op[1] * 100L, op[1] * 7L, now);
                                }
                            }
                            default -> {
                                if (!queued.isEmpty()) {
                                    FairQueue.Entry<Integer> e = queued.remove(queued.size() - 1);
                                    assertTrue(q.remove(e));
                                    assertFalse(q.remove(e), "removed twice");
                                    removed++;
                                }
                            }
                        }
                        for (FairQueue.Entry<Integer> e : q.dispatch(pods(released.size()), now)) {
                            assertTrue(queued.remove(e), "released something not queued: " + e);
                            assertTrue(seen.add(e.payload()), "released twice: " + e);
                            Integer last = lastOut.put(e.user() + "/" + e.band(), e.payload());
                            assertTrue(last == null || last < e.payload(), "FIFO per user broken at " + e);
                            released.add(e);
                        }
                        assertEquals(queued.size(), q.size());
                        assertTrue(q.released() <= 2);
                    }
                    assertEquals(offered, seen.size() + removed + q.size(), "nothing lost");
                });
    }

    /** One pod with this KV capacity in tokens, nothing waiting, KV as reported. */
    private static List<PodLoad> podWithCapacity(int inFlight, long capacityTokens) {
        return List.of(new PodLoad(inFlight, Optional.of(new PodMetrics(inFlight, 0, 0.1, Double.NaN, Double.NaN,
                Set.of(), -1, Double.NaN, capacityTokens, Instant.EPOCH))));
    }

    @Test
    void tokenTermReleasesWhileTheReservedKvFitsAndAgainWhenOneEnds() {
        FairQueue<String> q = new FairQueue<>(settings(FairnessMode.VTC, GateSettings.DEFAULT.withTokens(1.0, 0)));
        for (String r : List.of("a", "b", "c")) {
            q.offer(r, "u", 0, 1, 100, 300, 0); // 400 tokens each at most
        }
        List<FairQueue.Entry<String>> out = q.dispatch(podWithCapacity(0, 1000), 0);
        assertEquals(List.of("a", "b"), out.stream().map(FairQueue.Entry::payload).toList(), "800 of 1000 reserved");
        assertEquals(800, q.reservedTokens());
        assertEquals(0, q.dispatch(podWithCapacity(2, 1000), 1).size(), "a third would need 1200");
        q.finished(out.get(0));
        assertEquals(400, q.reservedTokens());
        assertEquals(1, q.dispatch(podWithCapacity(1, 1000), 2).size(), "room again once one ended");
        // the engine's KV in use now says nothing of what the answers still growing will take: the term does
        FairQueue<String> off = new FairQueue<>(settings(FairnessMode.VTC, GateSettings.DEFAULT));
        for (String r : List.of("a", "b", "c")) {
            off.offer(r, "u", 0, 1, 100, 300, 0);
        }
        assertEquals(3, off.dispatch(podWithCapacity(0, 1000), 0).size(), "without the term the gate overshoots");
    }

    @Test
    void requestWithoutMaxTokensCostsTheModelsMeanAnswer() {
        FairQueue<String> q = new FairQueue<>(settings(FairnessMode.VTC, GateSettings.DEFAULT.withTokens(1.0, 0)));
        q.offer("a", "u", 0, 1, 100, -1, 0);
        q.dispatch(podWithCapacity(0, 10_000), 0);
        assertEquals(100 + 256, q.reservedTokens(), "expectedOutputTokens before any answer");
        for (int i = 0; i < 500; i++) {
            q.charge("u", 100, 1000, i);
        }
        q.offer("b", "u", 0, 1, 100, -1, 1);
        q.dispatch(podWithCapacity(1, 10_000), 1);
        assertTrue(Math.abs(q.reservedTokens() - 356 - 1100) < 5, "then the mean of the answers: " + q.reservedTokens());
    }

    @Test
    void flowHeadroomKeepsRoomForAFlowWithinItsShareAndIsWorkConservingAlone() {
        // 1000 tokens, the last 200 for flows within their share; a deep queue threshold, so only tokens count
        GateSettings gate = new GateSettings(GateSettings.Mode.UTILIZATION, 0, 0, 100, 1000, 0.8, 1.0, 0.2, 0, 256);
        FairQueue<String> alone = new FairQueue<>(settings(FairnessMode.VTC, gate));
        for (int i = 0; i < 12; i++) {
            alone.offer("h" + i, "heavy", 0, 1, 0, 100, 0);
        }
        assertEquals(10, alone.dispatch(podWithCapacity(0, 1000), 0).size(), "alone, the heavy flow takes everything");

        FairQueue<String> q = new FairQueue<>(settings(FairnessMode.VTC, gate));
        q.charge("heavy", 0, 1_000_000, 0);
        q.offer("l0", "light", 0, 1, 0, 100, 0); // light active (in flight) from here on
        List<FairQueue.Entry<String>> first = q.dispatch(podWithCapacity(0, 1000), 0);
        assertEquals(1, first.size());
        for (int i = 0; i < 12; i++) {
            q.offer("h" + i, "heavy", 0, 1, 0, 100, 1);
        }
        List<FairQueue.Entry<String>> heavy = q.dispatch(podWithCapacity(1, 1000), 1);
        assertEquals(7, heavy.size(), "heavy stops at 800 of 1000 while light is active (100 light + 700)");
        q.offer("l1", "light", 0, 1, 0, 100, 2);
        assertEquals(List.of("l1"), q.dispatch(podWithCapacity(8, 1000), 2).stream().map(FairQueue.Entry::payload).toList(),
                "light finds room at once in the headroom");
        q.finished(first.get(0));
        assertEquals(0, q.dispatch(podWithCapacity(8, 1000), 3).size(), "heavy 700 + 100 would pass 800: held");
        q.finished(heavy.get(0));
        assertEquals(1, q.dispatch(podWithCapacity(7, 1000), 4).size(), "a heavy one may follow when one ends");
    }

    @Test
    void knownProgressReplacesTheWholeOutputLimitInTheTokenTerm() {
        FairQueue<String> q = new FairQueue<>(settings(FairnessMode.VTC, GateSettings.DEFAULT.withTokens(1.0, 0)));
        for (String r : List.of("a", "b", "c")) {
            q.offer(r, "u", 0, 1, 100, 300, 0); // 400 tokens each at most
        }
        PodMetrics m = new PodMetrics(1, 0, 0.1, Double.NaN, Double.NaN, Set.of(), -1, Double.NaN, 1000, Instant.EPOCH);
        assertEquals(2, q.dispatch(List.of(new PodLoad(0, Optional.of(m), 0)), 0).size(),
                "400 + 400 released in one call fit, a third does not");
        assertEquals(0, q.dispatch(List.of(new PodLoad(2, Optional.of(m), 700)), 1).size(), "peak 700 + 400 > 1000");
        assertEquals(1, q.dispatch(List.of(new PodLoad(2, Optional.of(m), 600)), 2).size(),
                "the two in flight will hold 600 at most from now on (one nearly done): room, though 1200 are reserved");
    }
}
