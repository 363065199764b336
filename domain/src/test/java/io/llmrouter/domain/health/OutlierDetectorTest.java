package io.llmrouter.domain.health;

import static io.llmrouter.domain.health.OutlierDetector.Admission.NORMAL;
import static io.llmrouter.domain.health.OutlierDetector.Admission.REFUSED;
import static io.llmrouter.domain.health.OutlierDetector.Admission.TRIAL;
import static io.llmrouter.domain.health.OutlierDetector.Outcome.FAILURE;
import static io.llmrouter.domain.health.OutlierDetector.Outcome.NEUTRAL;
import static io.llmrouter.domain.health.OutlierDetector.Outcome.SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.resource.ResourceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutlierDetectorTest {

    private static final ResourceId SERVER = new ResourceId("default", "s");
    private static final OutlierSettings SETTINGS = new OutlierSettings(true, 3, Duration.ofSeconds(10),
            Duration.ofSeconds(25), 50, 4);

    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<String> events = new ArrayList<>();
    private final HealthListener listener = new HealthListener() {
        @Override
        public void ejected(ResourceId pod, PodHealth health, Duration duration, String reason) {
            events.add("ejected " + pod.name() + " " + duration.toSeconds() + "s");
        }

        @Override
        public void returned(ResourceId pod, PodHealth health) {
            events.add("returned " + pod.name());
        }
    };

    private OutlierDetector detector(OutlierSettings settings, int pods) {
        OutlierDetector d = new OutlierDetector(settings, clock::get, listener);
        d.membership(Map.of(SERVER, IntStream.range(0, pods).mapToObj(OutlierDetectorTest::pod).toList()));
        return d;
    }

    private static ResourceId pod(int i) {
        return new ResourceId("default", "p" + i);
    }

    private void fail(OutlierDetector d, int pod, int times) {
        for (int i = 0; i < times; i++) {
            d.report(pod(pod), d.admit(pod(pod)), FAILURE, "HTTP 503");
        }
    }

    private void advance(Duration by) {
        clock.addAndGet(by.toNanos());
    }

    @Test
    void consecutiveFailures_ejectForBaseTime_thenHalfOpenTrialSuccessReturnsIt() {
        OutlierDetector d = detector(SETTINGS, 4);
        fail(d, 0, 2);
        assertTrue(d.schedulable(pod(0)), "two failures are below the threshold of three");
        fail(d, 0, 1);
        assertFalse(d.schedulable(pod(0)));
        assertEquals(List.of("ejected p0 10s"), events);
        assertEquals(REFUSED, d.admit(pod(0)));

        advance(Duration.ofSeconds(10).minusNanos(1));
        assertFalse(d.schedulable(pod(0)), "still ejected one nanosecond before its time is up");
        advance(Duration.ofNanos(1));
        assertEquals(PodHealth.Phase.HALF_OPEN, d.health(pod(0)).orElseThrow().phase(d.now()));
        assertTrue(d.schedulable(pod(0)));
        assertEquals(TRIAL, d.admit(pod(0)));
        d.report(pod(0), TRIAL, SUCCESS, "200");
        assertTrue(d.schedulable(pod(0)));
        assertFalse(d.ejected(pod(0)));
        assertEquals(NORMAL, d.admit(pod(0)));
        assertEquals(List.of("ejected p0 10s", "returned p0"), events);
    }

    @Test
    void halfOpen_admitsExactlyOneTrial_untilItEnds() {
        OutlierDetector d = detector(SETTINGS, 4);
        fail(d, 0, 3);
        advance(Duration.ofSeconds(10));
        assertEquals(TRIAL, d.admit(pod(0)));
        assertFalse(d.schedulable(pod(0)), "its trial is out: no other request is scheduled there");
        assertEquals(REFUSED, d.admit(pod(0)));
        // A trial that ends neutrally (client gone, 4xx) decides nothing: the next request is the trial.
        d.report(pod(0), TRIAL, NEUTRAL, "client gone");
        assertTrue(d.schedulable(pod(0)));
        assertTrue(d.ejected(pod(0)));
        assertEquals(TRIAL, d.admit(pod(0)));
    }

    @Test
    void halfOpen_trialFails_ejectedAgainForLonger_cappedAtMaxEjectionTime() {
        OutlierDetector d = detector(SETTINGS, 4);
        fail(d, 0, 3);
        advance(Duration.ofSeconds(10));
        d.report(pod(0), d.admit(pod(0)), FAILURE, "connect refused");
        advance(Duration.ofSeconds(20).minusNanos(1));
        assertFalse(d.schedulable(pod(0)), "second ejection lasts 2 x 10s");
        advance(Duration.ofNanos(1));
        d.report(pod(0), d.admit(pod(0)), FAILURE, "connect refused");
        assertEquals(List.of("ejected p0 10s", "ejected p0 20s", "ejected p0 25s"), events, "3 x 10s capped at 25s");
        assertEquals(3, d.health(pod(0)).orElseThrow().ejectionsTotal());
    }

    @Test
    void multiplier_wearsOffWhileThePodStaysHealthy() {
        OutlierDetector d = detector(SETTINGS, 4);
        fail(d, 0, 3);
        advance(Duration.ofSeconds(10));
        d.report(pod(0), d.admit(pod(0)), SUCCESS, "200");
        fail(d, 0, 3);
        assertEquals("ejected p0 20s", events.get(events.size() - 1), "failing again at once: 2 x base");
        advance(Duration.ofSeconds(20));
        d.report(pod(0), d.admit(pod(0)), SUCCESS, "200");
        advance(Duration.ofSeconds(20)); // two base times healthy: the multiplier drops from 2 to 0
        fail(d, 0, 3);
        assertEquals("ejected p0 10s", events.get(events.size() - 1));
    }

    @Test
    void success_resetsTheCount_soOnlyFailuresInARowEject() {
        OutlierDetector d = detector(SETTINGS, 4);
        for (int i = 0; i < 10; i++) {
            fail(d, 0, 2);
            d.report(pod(0), d.admit(pod(0)), SUCCESS, "200");
        }
        assertTrue(d.schedulable(pod(0)));
        assertEquals(List.of(), events);
    }

    @Test
    void neutralOutcomes_4xxAndClientGone_neitherCountNorReset() {
        OutlierDetector d = detector(SETTINGS, 4);
        fail(d, 0, 2);
        for (int i = 0; i < 10; i++) {
            d.report(pod(0), d.admit(pod(0)), NEUTRAL, "HTTP 404");
        }
        assertTrue(d.schedulable(pod(0)), "4xx and disconnects are not the pod's fault");
        assertEquals(2, d.health(pod(0)).orElseThrow().failures(), "nor do they reset the failures in a row");
        fail(d, 0, 1);
        assertFalse(d.schedulable(pod(0)));
    }

    @Test
    void maxEjectionPercent_neverMoreThanTheShare_butAlwaysOnePod() {
        // 50% of 4 pods: two may be out, the third stays in rotation however it fails.
        OutlierDetector d = detector(SETTINGS, 4);
        fail(d, 0, 3);
        fail(d, 1, 3);
        fail(d, 2, 10);
        assertFalse(d.schedulable(pod(0)));
        assertFalse(d.schedulable(pod(1)));
        assertTrue(d.schedulable(pod(2)), "a third ejection would put 75% out");
        // When one returns, the next failure of the held-back pod ejects it.
        advance(Duration.ofSeconds(10));
        d.report(pod(0), d.admit(pod(0)), SUCCESS, "200");
        fail(d, 2, 1);
        assertFalse(d.schedulable(pod(2)));

        // 0% still lets the first pod go (Envoy: at least one host), never a second.
        OutlierDetector strict = detector(new OutlierSettings(true, 3, Duration.ofSeconds(10),
                Duration.ofSeconds(25), 0, 0), 3);
        fail(strict, 0, 3);
        fail(strict, 1, 3);
        assertFalse(strict.schedulable(pod(0)));
        assertTrue(strict.schedulable(pod(1)));
    }

    @Test
    void maxEjectionPercent_aSinglePodServer_mayHaveItsOnlyPodEjected() {
        OutlierDetector d = detector(SETTINGS, 1);
        fail(d, 0, 3);
        assertTrue(d.ejected(pod(0)));
    }

    @Test
    void scrapeFailuresInARow_eject_aGoodScrapeResetsThem() {
        OutlierDetector d = detector(SETTINGS, 4);
        for (int i = 0; i < 3; i++) {
            d.scrapeFailed(pod(0), "connection refused");
        }
        d.scrapeSucceeded(pod(0));
        for (int i = 0; i < 3; i++) {
            d.scrapeFailed(pod(0), "connection refused");
        }
        assertTrue(d.schedulable(pod(0)), "never four in a row");
        d.scrapeFailed(pod(0), "connection refused");
        assertFalse(d.schedulable(pod(0)));
        assertTrue(d.health(pod(0)).orElseThrow().reason().orElseThrow().contains("4 consecutive failed metrics scrapes"));
    }

    @Test
    void removedPod_loosesItsState_andLateReportsDoNotBringItBack() {
        OutlierDetector d = detector(SETTINGS, 2);
        fail(d, 0, 3);
        d.membership(Map.of(SERVER, List.of(pod(1))));
        assertTrue(d.health(pod(0)).isEmpty());
        fail(d, 0, 3);
        d.scrapeFailed(pod(0), "x");
        assertTrue(d.snapshot().isEmpty(), "a report racing the removal must not recreate the pod");
        d.membership(Map.of(SERVER, List.of(pod(0), pod(1))));
        assertTrue(d.schedulable(pod(0)), "re-added, it starts afresh");
        fail(d, 1, 2);
        d.forget(pod(1));
        fail(d, 1, 1);
        assertTrue(d.schedulable(pod(1)), "a forgotten pod (new endpoint) counts from zero");
    }

    @Test
    void disabled_recordsNothing() {
        OutlierDetector d = detector(OutlierSettings.DISABLED, 2);
        fail(d, 0, 100);
        d.scrapeFailed(pod(0), "x");
        assertTrue(d.schedulable(pod(0)));
        assertTrue(d.snapshot().isEmpty());
    }

    @Test
    void concurrentFailuresOnTwoPods_neverBothPassAOnePodCap() throws Exception {
        // The interleaving: two pods of a two-pod server reach the threshold on two threads at
        // once; at 10% (one pod at most) exactly one may be out, whatever the order.
        for (int round = 0; round < 200; round++) {
            OutlierDetector d = detector(new OutlierSettings(true, 1, Duration.ofSeconds(10), Duration.ofSeconds(10),
                    10, 0), 2);
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            Thread[] threads = new Thread[2];
            for (int t = 0; t < 2; t++) {
                int p = t;
                threads[t] = Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    d.report(pod(p), NORMAL, FAILURE, "HTTP 500");
                });
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(1, d.snapshot().values().stream().filter(PodHealth::ejected).count(), "round " + round);
        }
    }
}
