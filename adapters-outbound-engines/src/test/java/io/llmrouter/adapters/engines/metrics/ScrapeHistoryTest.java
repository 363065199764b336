package io.llmrouter.adapters.engines.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.llmrouter.adapters.engines.metrics.MetricsTranslator.Translation;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.resource.ResourceId;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ScrapeHistoryTest {

    private static final ResourceId POD = ResourceId.of("default", "pod-a");

    /** A translation that counts scrapes in the memory's "n" signal. */
    private static final Function<ScrapeMemory, Translation> COUNT = previous -> {
        ScrapeMemory.Updater next = previous.update();
        double n = Double.isNaN(previous.get("n").count()) ? 1 : previous.get("n").count() + 1;
        next.mean("n", n, n);
        return new Translation(new PodMetrics(0, 0, 0, Double.NaN, Double.NaN, Set.of(), -1, Double.NaN, -1,
                Instant.EPOCH), next.build());
    };

    @Test
    void commit_podForgottenBetweenFetchAndCommit_memoryDoesNotComeBack() {
        ScrapeHistory history = new ScrapeHistory();
        AtomicReference<ScrapeMemory> slot = history.slot(POD); // scrape starts, HTTP call in flight
        history.forget(POD);                                    // the pod is removed meanwhile
        ScrapeHistory.commit(slot, COUNT);                      // the scrape ends
        assertEquals(0, history.size());
        assertNotSame(slot, history.slot(POD));                 // a later scrape of a new pod with that name starts afresh
    }

    @Test
    void commit_twoThreadsScrapeTheSamePod_noUpdateLost() throws Exception {
        ScrapeHistory history = new ScrapeHistory();
        int perThread = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        Runnable scraper = () -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int i = 0; i < perThread; i++) {
                ScrapeHistory.commit(history.slot(POD), COUNT);
            }
        };
        Thread a = Thread.ofPlatform().start(scraper);
        Thread b = Thread.ofPlatform().start(scraper);
        start.countDown();
        a.join();
        b.join();
        assertEquals(2.0 * perThread, history.slot(POD).get().get("n").count());
    }
}
