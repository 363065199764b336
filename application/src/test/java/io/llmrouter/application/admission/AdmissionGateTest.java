package io.llmrouter.application.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AdmissionGateTest {

    @Test
    void tryAdmit_upToTheBound_thenRefused_andAFreedPlaceIsFreeAgain() {
        AdmissionGate gate = new AdmissionGate(2);
        Optional<AdmissionGate.Admission> a = gate.tryAdmit();
        Optional<AdmissionGate.Admission> b = gate.tryAdmit();
        assertTrue(a.isPresent() && b.isPresent());
        assertTrue(gate.tryAdmit().isEmpty());
        a.get().close();
        a.get().close(); // a second close frees nothing more
        assertEquals(1, gate.active());
        assertTrue(gate.tryAdmit().isPresent());
        assertTrue(gate.tryAdmit().isEmpty());
    }

    @Test
    void constructor_boundBelowOne_refused() {
        assertThrows(IllegalArgumentException.class, () -> new AdmissionGate(0));
    }

    @Test
    void awaitIdle_returnsWhenTheLastRequestEnds_orFalseAtTheTimeout() throws Exception {
        AdmissionGate gate = new AdmissionGate(10);
        AdmissionGate.Admission running = gate.tryAdmit().orElseThrow();
        gate.startDraining();
        assertTrue(gate.draining());
        assertFalse(gate.awaitIdle(Duration.ofMillis(50)));
        CountDownLatch waiting = new CountDownLatch(1);
        Thread closer = Thread.ofVirtual().start(() -> {
            try {
                waiting.await();
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            running.close();
        });
        waiting.countDown();
        assertTrue(gate.awaitIdle(Duration.ofSeconds(10)));
        closer.join();
        assertTrue(gate.awaitIdle(Duration.ZERO), "an idle gate is idle at once");
    }

    /** However many threads race for places, never more than the bound are held, and all come back. */
    @Test
    void concurrentAdmissions_neverExceedTheBound() {
        Property.check("admissions within bound", 30, Gen.ints(1, 8), bound -> {
            AdmissionGate gate = new AdmissionGate(bound);
            AtomicInteger held = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 200; i++) {
                        Optional<AdmissionGate.Admission> admitted = gate.tryAdmit();
                        if (admitted.isPresent()) {
                            most.accumulateAndGet(held.incrementAndGet(), Math::max);
                            held.decrementAndGet();
                            admitted.get().close();
                        }
                    }
                }));
            }
            for (Thread thread : threads) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            assertTrue(most.get() <= bound, "held " + most.get() + " places at once for a bound of " + bound);
            assertEquals(0, gate.active());
        });
    }
}
