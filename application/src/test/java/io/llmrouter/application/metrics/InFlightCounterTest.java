package io.llmrouter.application.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.domain.resource.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class InFlightCounterTest {

    private static final ResourceId POD = ResourceId.of("default", "p");

    @Test
    void lease_closedTwice_releasesOnce() {
        InFlightCounter counter = new InFlightCounter();
        InFlightCounter.Lease lease = counter.acquire(POD);
        counter.acquire(POD);
        lease.close();
        lease.close();
        assertEquals(1, counter.get(POD));
    }

    @Test
    void acquire_afterForget_countsWhileOpenAndLeavesNothingBehind() {
        // An attempt scheduled just before its pod was removed starts just after: it must not
        // recreate a counter that no removal will ever drop.
        InFlightCounter counter = new InFlightCounter();
        InFlightCounter.Lease before = counter.acquire(POD);
        counter.forget(POD);
        assertEquals(0, counter.get(POD), "a removed pod is forgotten at once");
        InFlightCounter.Lease late = counter.acquire(POD);
        assertEquals(1, counter.get(POD));
        late.close();
        before.close();
        assertEquals(0, counter.get(POD));
        assertEquals(0, counter.tracked(), "a counter outlived its last lease");
    }

    @Test
    void forget_withLeasesOpen_reAddedPodStartsFromZero() {
        InFlightCounter counter = new InFlightCounter();
        InFlightCounter.Lease old = counter.acquire(POD);
        counter.forget(POD);
        InFlightCounter.Lease fresh = counter.acquire(POD); // the re-added pod's first request
        old.close();                                       // releases into the forgotten counter
        assertEquals(1, counter.get(POD));
        fresh.close();
        assertEquals(0, counter.tracked());
    }

    @Test
    void acquireReleaseForget_manyThreads_noCounterSurvivesItsLeases() throws Exception {
        InFlightCounter counter = new InFlightCounter();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    if (id == 0 && i % 50 == 0) {
                        counter.forget(POD);
                    }
                    try (InFlightCounter.Lease lease = counter.acquire(POD)) {
                        assert counter.get(POD) >= 0;
                    }
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, counter.get(POD));
        assertEquals(0, counter.total());
        assertEquals(0, counter.tracked());
    }

    @Test
    void acquireAndRelease_manyThreadsInterleaved_endsAtZero() throws Exception {
        // 8 threads each take and release 10,000 leases on the same pod at once; every increment
        // must meet its decrement whatever the interleaving.
        InFlightCounter counter = new InFlightCounter();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 10_000; i++) {
                    try (InFlightCounter.Lease lease = counter.acquire(POD)) {
                        assert counter.get(POD) >= 1;
                    }
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, counter.get(POD));
        assertEquals(0, counter.total());
        assertEquals(0, counter.tracked());
    }
}
