package io.llmrouter.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.bench.scenario.Workload.FollowUp;
import io.llmrouter.bench.scenario.Workload.Job;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.sim.core.Profiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The closed-loop client in virtual time: bench_serving's concurrency cap and timing, conversations. */
class ClientLoopTest {

    private static final PluginSet ORACLE = new PluginSet("oracle", seed -> Placer.groupAffinity());

    private static Workload singles(int n, int promptLen, int output) {
        SplittableRandom random = new SplittableRandom(7);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(Job.single(i, random.ints(promptLen, 256, 151_000).toArray(), output));
        }
        return new Workload("singles", jobs);
    }

    private static ClientLoop.Config config(int concurrency, double rate) {
        return new ClientLoop.Config(Profiles.named("h100-7b").withNumGpuBlocks(8192), 3, 1, concurrency, rate, 1);
    }

    @Test
    void run_saturatedClient_littlesLawHoldsAtTheConcurrencyCap() {
        // everything arrives at once; 6 slots: throughput × latency = requests in flight = 6
        ClientLoop.Result r = ClientLoop.run(config(6, Double.POSITIVE_INFINITY), singles(120, 512, 64),
                PluginSet.named(PluginSet.RANDOM));
        assertEquals(120, r.completed());
        double inFlight = r.requestsPerSecond() * r.meanLatencyMs() / 1000;
        assertTrue(inFlight > 5.4 && inFlight <= 6.0, "mean in flight " + inFlight);
    }

    @Test
    void run_requestsWaitingForASlot_ttftCountsFromTheSendNotTheArrival() {
        // one slot: requests queue at the client for seconds, but each is alone on its replica once sent
        ClientLoop.Result queued = ClientLoop.run(config(1, Double.POSITIVE_INFINITY), singles(30, 512, 32), ORACLE);
        ClientLoop.Result alone = ClientLoop.run(config(1, Double.POSITIVE_INFINITY), singles(1, 512, 32), ORACLE);
        assertTrue(queued.durationSeconds() > 20 * alone.meanLatencyMs() / 1000, "the client queue was real");
        assertEquals(alone.meanTtftMs(), queued.meanTtftMs(), 0.2 * alone.meanTtftMs());
        assertEquals(alone.meanLatencyMs(), queued.meanLatencyMs(), 0.2 * alone.meanLatencyMs());
    }

    @Test
    void run_conversation_nextTurnResendsTheAnswerSoTheSameReplicaHitsItsCache() {
        SplittableRandom random = new SplittableRandom(3);
        List<Job> jobs = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            List<FollowUp> turns = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                turns.add(new FollowUp(500_000_000L, random.ints(32, 256, 151_000).toArray(), 64));
            }
            jobs.add(new Job(s, random.ints(1024, 256, 151_000).toArray(), 64, null, turns));
        }
        ClientLoop.Result r = ClientLoop.run(config(6, 10), new Workload("chat", jobs), ORACLE);
        assertEquals(30, r.requests());
        assertEquals(30, r.completed());
        // each later turn reuses every full block of the previous prompt and answer: well above 70 %
        assertTrue(r.prefixHitRate() > 0.7, "hit rate " + r.prefixHitRate());
        // think time (0.5 s × 4 turns) is part of the duration
        assertTrue(r.durationSeconds() > 2.0, "duration " + r.durationSeconds());
    }

    @Test
    void run_sameSeed_sameNumbers() {
        Workload w = singles(60, 256, 16);
        PluginSet set = PluginSet.named(PluginSet.ROUTER_DEFAULT);
        assertEquals(ClientLoop.run(config(8, 50), w, set), ClientLoop.run(config(8, 50), w, set));
    }

    @Test
    void scrapedLeastRequest_ignoresInFlight_soEveryRequestBetweenScrapesGoesToTheSamePod() {
        ScrapedLeastRequest scorer = new ScrapedLeastRequest();
        List<Candidate> before = List.of(candidate(0, 4, 0, 0), candidate(1, 2, 0, 0));
        // the router has since sent 50 requests to pod 1; the scrape has not seen them
        List<Candidate> after = List.of(candidate(0, 4, 0, 0), candidate(1, 2, 0, 50));
        SchedulingRequest request = SchedulingRequest.of("m", RoutedScenario.SERVER);
        double[] a = scorer.score(request, before);
        double[] b = scorer.score(request, after);
        assertEquals(a[0], b[0]);
        assertEquals(a[1], b[1]);
        assertTrue(b[1] > b[0]);
        // waiting weighs 100 × running
        double[] queued = scorer.score(request, List.of(candidate(0, 100, 0, 0), candidate(1, 0, 2, 0)));
        assertTrue(queued[0] > queued[1]);
    }

    private static Candidate candidate(int i, int running, int waiting, int inFlight) {
        Pod pod = new Pod(ObjectMeta.of("default", "p" + i), "10.0.0." + i, OptionalInt.empty(), true);
        return new Candidate(pod, Optional.of(new PodMetrics(running, waiting, 0.1, Double.NaN, Double.NaN, Set.of(), -1,
                Double.NaN, -1, Instant.EPOCH)), inFlight);
    }
}
