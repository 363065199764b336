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
    }
}
