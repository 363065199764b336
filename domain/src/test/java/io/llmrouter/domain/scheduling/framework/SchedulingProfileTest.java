package io.llmrouter.domain.scheduling.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.server.WorkloadPort;
import io.llmrouter.domain.server.WorkloadSelector;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SchedulingProfileTest {

    private static final ModelServer SERVER = new ModelServer(ObjectMeta.of("default", "s"), Optional.empty(),
            InferenceEngine.VLLM, new WorkloadSelector(Map.of("app", "s"), Optional.empty()), new WorkloadPort(8000, "http"),
            TrafficPolicy.DEFAULT, Optional.empty());
    private static final SchedulingRequest REQUEST = SchedulingRequest.of("m", SERVER);

    private final List<Candidate> pods = IntStream.range(0, 8).mapToObj(i -> Candidate.of(pod("p" + i))).toList();

    @Test
    void rank_weightedScores_bestFirstAndCappedAtTopN() {
        // Scorer A prefers low indexes, scorer B high ones; B weighs 3x, so high indexes win.
        Scorer a = fixed("a", i -> 1.0 - i / 10.0);
        Scorer b = fixed("b", i -> i / 10.0);
        SchedulingProfile profile = new SchedulingProfile(List.of(),
                List.of(new WeightedScorer(a, 1), new WeightedScorer(b, 3)), 3);
        List<Candidate> ranked = profile.rank(REQUEST, pods, new SplittableRandom(1)).ranked();
        assertEquals(List.of("p7", "p6", "p5"), ranked.stream().map(Candidate::name).toList());
    }

    @Test
    void rank_unreachablePod_rankedLastWhateverItsScore() {
        Scorer prefersFirst = fixed("a", i -> 1.0 - i / 10.0);
        SchedulingProfile profile = new SchedulingProfile(List.of(), List.of(new WeightedScorer(prefersFirst, 1)), 5);
        // p0 has the best score, but its metrics endpoint refused the connection.
        List<Candidate> candidates = List.of(new Candidate(pod("p0"), Optional.empty(), 0, true),
                new Candidate(pod("p1"), Optional.empty(), 0), new Candidate(pod("p2"), Optional.empty(), 0));
        Decision d = profile.rank(REQUEST, candidates, new SplittableRandom(1));
        assertEquals(List.of("p1", "p2", "p0"), d.ranked().stream().map(Candidate::name).toList());
        assertEquals(List.of("1 unreachable ranked last"), d.trace().filterNotes());
    }

    @Test
    void rank_ejectedPods_removedBeforeTheFilters_andTheTraceNamesThem() {
        Scorer prefersFirst = fixed("a", i -> 1.0 - i / 10.0);
        SchedulingProfile profile = new SchedulingProfile(List.of(), List.of(new WeightedScorer(prefersFirst, 1)), 5);
        List<Candidate> candidates = List.of(new Candidate(pod("p0"), Optional.empty(), 0, false, true),
                new Candidate(pod("p1"), Optional.empty(), 0), new Candidate(pod("p2"), Optional.empty(), 0));
        Decision d = profile.rank(REQUEST, candidates, new SplittableRandom(1));
        assertEquals(List.of("p1", "p2"), d.ranked().stream().map(Candidate::name).toList());
        assertEquals(List.of("outlier-detection removed 1 ejected [p0]"), d.trace().filterNotes());
        assertEquals(List.of("p1", "p2"), d.trace().survivors());
    }

    @Test
    void rank_everyPodEjected_panic_allRankedAnyway() {
        SchedulingProfile profile = new SchedulingProfile(List.of(), List.of(), 5);
        List<Candidate> candidates = List.of(new Candidate(pod("p0"), Optional.empty(), 0, false, true),
                new Candidate(pod("p1"), Optional.empty(), 0, false, true));
        Decision d = profile.rank(REQUEST, candidates, new SplittableRandom(1));
        assertEquals(2, d.ranked().size());
        assertTrue(d.trace().fallbacks().contains("panic: all 2 pods ejected [p0, p1], ranked anyway"),
                d.trace().fallbacks().toString());
    }

    @Test
    void dispatchAndRemoval_aListenerThatThrows_neverFailsTheRequestNorStopsTheOthers() {
        List<String> told = new java.util.ArrayList<>();
        class Broken implements Scorer, DispatchListener, PodRemovedListener {
            public String type() {
                return "broken";
            }

            public double[] score(SchedulingRequest request, List<Candidate> candidates) {
                return new double[candidates.size()];
            }

            public Retraction dispatched(SchedulingRequest request, Pod pod) {
                throw new IllegalStateException("bug");
            }

            public void removed(io.llmrouter.domain.resource.ResourceId pod) {
                throw new IllegalStateException("bug");
            }
        }
        class Working implements Scorer, DispatchListener, PodRemovedListener {
            public String type() {
                return "working";
            }

            public double[] score(SchedulingRequest request, List<Candidate> candidates) {
                return new double[candidates.size()];
            }

            public Retraction dispatched(SchedulingRequest request, Pod pod) {
                told.add("dispatched");
                return () -> told.add("retracted");
            }

            public void removed(io.llmrouter.domain.resource.ResourceId pod) {
                told.add("removed");
            }
        }
        SchedulingProfile profile = new SchedulingProfile(List.of(),
                List.of(new WeightedScorer(new Broken(), 1), new WeightedScorer(new Working(), 1)), 5);
        profile.dispatched(REQUEST, pod("p")).retract();
        profile.removed(pod("p").id());
        assertEquals(List.of("dispatched", "retracted", "removed"), told);
    }

    @Test
    void rank_scoresOutsideRange_areClamped() {
        // Without clamping p0's 50.0 would dominate; clamped to 1 it ties p1 at 1 and loses to p1's
        // second scorer. p2's NaN is "no opinion", the neutral 0.5, so p2 ranks below both.
        Scorer wild = fixed("wild", i -> i == 0 ? 50.0 : (i == 1 ? 1.0 : Double.NaN));
        Scorer tieBreaker = fixed("tb", i -> i == 1 ? 0.5 : 0.0);
        SchedulingProfile profile = new SchedulingProfile(List.of(),
                List.of(new WeightedScorer(wild, 1), new WeightedScorer(tieBreaker, 1)), 2);
        List<Candidate> ranked = profile.rank(REQUEST, pods.subList(0, 3), new SplittableRandom(1)).ranked();
        assertEquals("p1", ranked.get(0).name());
    }

    @Test
    void rank_filterRemovesAll_returnsEmpty() {
        Filter none = new Filter() {
            public String type() {
                return "none";
            }

            public List<Candidate> filter(SchedulingRequest request, List<Candidate> in) {
                return List.of();
            }
        };
        assertTrue(new SchedulingProfile(List.of(none), List.of(), 5).rank(REQUEST, pods, new SplittableRandom(1)).ranked().isEmpty());
    }

    @Test
    void rank_allTied_orderVariesWithTheRandomSource() {
        SchedulingProfile profile = new SchedulingProfile(List.of(), List.of(), 1);
        HashSet<String> firsts = new HashSet<>();
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 200; i++) {
            firsts.add(profile.rank(REQUEST, pods, random).ranked().get(0).name());
        }
        assertEquals(8, firsts.size(), "ties must spread over every pod, got " + firsts);
    }

    @Test
    void rank_everyScorerWithoutOpinion_fallsBackToInFlightAndSaysSo() {
        Scorer blind = fixed("blind", i -> Double.NaN);
        List<Candidate> loaded = List.of(new Candidate(pod("p0"), Optional.empty(), 5),
                new Candidate(pod("p1"), Optional.empty(), 1), new Candidate(pod("p2"), Optional.empty(), 3));
        Decision decision = new SchedulingProfile(List.of(), List.of(new WeightedScorer(blind, 1)), 3)
                .rank(REQUEST, loaded, new SplittableRandom(1));
        assertEquals(List.of("p1", "p2", "p0"), decision.ranked().stream().map(Candidate::name).toList());
        assertTrue(decision.trace().fallbacks().contains(SchedulingProfile.FALLBACK_IN_FLIGHT), decision.trace().fallbacks().toString());
        assertTrue(decision.trace().scorers().get(0).steppedAside());
    }

    @Test
    void rank_scorerThrows_requestStillRankedAndTraceNamesTheFault() {
        Scorer broken = new Scorer() {
            public String type() {
                return "broken";
            }

            public double[] score(SchedulingRequest request, List<Candidate> in) {
                throw new IllegalStateException("bug");
            }
        };
        Decision decision = new SchedulingProfile(List.of(),
                List.of(new WeightedScorer(broken, 1), new WeightedScorer(fixed("ok", i -> i / 10.0), 1)), 2)
                .rank(REQUEST, pods, new SplittableRandom(1));
        assertEquals("p7", decision.ranked().get(0).name());
        assertTrue(decision.trace().fallbacks().stream().anyMatch(f -> f.startsWith("broken failed")));
    }

    @Test
    void rank_filterThrows_isSkipped() {
        Filter broken = new Filter() {
            public String type() {
                return "broken";
            }

            public List<Candidate> filter(SchedulingRequest request, List<Candidate> in) {
                throw new IllegalStateException("bug");
            }
        };
        Decision decision = new SchedulingProfile(List.of(broken), List.of(), 8).rank(REQUEST, pods, new SplittableRandom(1));
        assertEquals(8, decision.ranked().size());
    }

    private static Scorer fixed(String type, java.util.function.IntToDoubleFunction f) {
        return new Scorer() {
            public String type() {
                return type;
            }

            public double[] score(SchedulingRequest request, List<Candidate> in) {
                return IntStream.range(0, in.size())
                        .mapToDouble(i -> f.applyAsDouble(Integer.parseInt(in.get(i).name().substring(1))))
                        .toArray();
            }
        };
    }

    private static Pod pod(String name) {
        return new Pod(ObjectMeta.of("default", name), "127.0.0.1", OptionalInt.empty(), true);
    }
}
