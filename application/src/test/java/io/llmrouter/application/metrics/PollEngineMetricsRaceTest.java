package io.llmrouter.application.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.port.EngineMetricsSource;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.server.WorkloadPort;
import io.llmrouter.domain.server.WorkloadSelector;
import io.llmrouter.domain.validation.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pod removal racing a scrape of that pod, with a stand-in {@link EngineMetricsSource} whose
 * scrapes are held on latches, so each interleaving is produced on purpose, not by timing luck.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PollEngineMetricsRaceTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ModelServer SERVER = new ModelServer(ObjectMeta.of("default", "s"), Optional.empty(),
            InferenceEngine.VLLM, new WorkloadSelector(Map.of("app", "s"), Optional.empty()), new WorkloadPort(8000, "http"),
            TrafficPolicy.DEFAULT, Optional.empty());
    private static final ResourceId P = ResourceId.of("default", "p");

    private final Datastore datastore = new Datastore("test", CLOCK, new Datastore.ProblemLog() {
        @Override
        public void accepted(String origin, ResourceSet resources, List<Problem> warnings) {
        }

        @Override
        public void rejected(String origin, List<Problem> errors, boolean keptPrevious) {
        }
    });
    private final HeldSource source = new HeldSource();
    private final PodMetricsStore store = new PodMetricsStore(Duration.ofMinutes(1));
    private final List<ResourceId> removed = new CopyOnWriteArrayList<>();
    private PollEngineMetrics poller;

    @AfterEach
    void close() {
        source.releaseAll();
        if (poller != null) {
            poller.close();
        }
    }

    @Test
    void scrapeThatCompletesAfterRemoval_leavesNoMetricsForThePod() throws Exception {
        load(pod("p", "10.0.0.1"));
        start();
        Scrape first = source.next();              // the pod's first scrape is under way...
        load();                                    // ...when the pod is removed
        assertEquals(List.of(P), removed);
        first.answer(111);                         // and only then does the engine answer
        await(() -> !poller.scraping(P));
        assertTrue(store.entry(P).isEmpty(), "the removed pod's metrics came back: " + store.entry(P));
        assertFalse(store.registered(P));
        assertTrue(store.all().isEmpty());
        // The source kept history for the late scrape (histogram deltas): it must be told again.
        assertEquals(List.of("10.0.0.1", "10.0.0.1"), source.forgotten);
    }

    @Test
    void failedScrapeThatCompletesAfterRemoval_leavesNothingEither() throws Exception {
        load(pod("p", "10.0.0.1"));
        start();
        Scrape first = source.next();
        load();
        first.fail("connection refused");
        await(() -> !poller.scraping(P));
        assertFalse(store.registered(P));
        assertTrue(store.entry(P).isEmpty());
    }

    @Test
    void podRemovedAndReAdded_oldScrapeDoesNotLandInTheNewRegistration() throws Exception {
        load(pod("p", "10.0.0.1"));
        start();
        Scrape old = source.next();
        load();                                    // removed (hot reload) ...
        load(pod("p", "10.0.0.1"));                // ... and back under the same id
        old.answer(111);
        // The re-added pod's own first scrape was held back by the old one; it follows at once.
        Scrape fresh = source.next();
        assertTrue(store.registered(P));
        assertTrue(store.entry(P).isEmpty(), "the old scrape's metrics reached the re-added pod");
        fresh.answer(222);
        await(() -> store.entry(P).flatMap(PodMetricsStore.Entry::metrics).isPresent());
        assertEquals(222, store.entry(P).orElseThrow().metrics().orElseThrow().running());
    }

    @Test
    void podMovedToAnotherAddress_isForgottenAndScrapedAfresh() throws Exception {
        load(pod("p", "10.0.0.1"));
        start();
        source.next().answer(111);
        await(() -> store.knows(P));
        load(pod("p", "10.0.0.2"));                // same id, another engine
        Scrape moved = source.next();
        assertEquals("10.0.0.2", moved.pod.address());
        assertEquals(List.of(P), removed, "listeners must drop what they learned about the old engine");
        assertEquals(List.of("10.0.0.1"), source.forgotten);
        assertTrue(store.entry(P).isEmpty(), "the old engine's metrics were kept for the new one");
        moved.answer(333);
        await(() -> store.knows(P));
        assertEquals(333, store.entry(P).orElseThrow().metrics().orElseThrow().running());
    }

    @Test
    void removalsRacingScrapes_manyRounds_nothingLeftOnceAllPodsAreGone() throws Exception {
        // Scrapes answer on their own after a random short delay while pods come and go.
        source.autoAnswer = true;
        List<Pod> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(pod("p" + i, "10.0.1." + i));
        }
        load(all.toArray(Pod[]::new));
        start();
        SplittableRandom random = new SplittableRandom(3);
        // Rounds until the race has had enough scrapes: a loaded machine gets through fewer per round.
        for (int round = 0; round < 200 || source.scrapes.get() <= 100 && round < 5_000; round++) {
            List<Pod> some = new ArrayList<>();
            for (Pod p : all) {
                if (random.nextBoolean()) {
                    some.add(p);
                }
            }
            load(some.toArray(Pod[]::new));
            poller.round();
            java.util.concurrent.locks.LockSupport.parkNanos(random.nextInt(400_000));
        }
        load();
        for (Pod p : all) {
            await(() -> !poller.scraping(p.id()));
        }
        assertTrue(store.all().isEmpty(), "metrics left for removed pods: " + store.all().keySet());
        for (Pod p : all) {
            assertFalse(store.registered(p.id()));
        }
        assertTrue(source.scrapes.get() > 100, "the race needs scrapes: " + source.scrapes.get());
    }

    private void start() {
        poller = new PollEngineMetrics(datastore, source, store, Duration.ofHours(1), 4, CLOCK,
                List.of(removed::add));
        poller.start();
    }

    private void load(Pod... pods) {
        datastore.accepted(new ResourceSet(List.of(), List.of(SERVER), List.of(pods)), List.of(), "test");
    }

    private static Pod pod(String name, String address) {
        return new Pod(new ObjectMeta(ResourceId.of("default", name), Map.of("app", "s"), Instant.EPOCH, ""), address,
                OptionalInt.empty(), true);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(2);
        }
    }

    private static PodMetrics metrics(int running) {
        return new PodMetrics(running, 0, 0.1, 0.05, 0.01, Set.of(), -1, Double.NaN, -1, NOW);
    }

    /** One scrape, held until the test answers it. */
    static final class Scrape {
        final Pod pod;
        private final CountDownLatch answered = new CountDownLatch(1);
        private volatile PodMetrics result;
        private volatile String error;

        Scrape(Pod pod) {
            this.pod = pod;
        }

        void answer(int running) {
            result = metrics(running);
            answered.countDown();
        }

        void fail(String message) {
            error = message;
            answered.countDown();
        }
    }

    /** The engine stand-in: each scrape waits on its own latch (or answers itself, for the stress test). */
    static final class HeldSource implements EngineMetricsSource {
        final LinkedBlockingQueue<Scrape> started = new LinkedBlockingQueue<>();
        final List<Scrape> all = new CopyOnWriteArrayList<>();
        final List<String> forgotten = new CopyOnWriteArrayList<>();
        final AtomicInteger scrapes = new AtomicInteger();
        volatile boolean autoAnswer;

        @Override
        public PodMetrics scrape(Pod pod, int port, InferenceEngine engine) throws ScrapeException {
            scrapes.incrementAndGet();
            if (autoAnswer) {
                java.util.concurrent.locks.LockSupport.parkNanos(1000L * (1 + scrapes.get() % 300));
                if (scrapes.get() % 7 == 0) {
                    throw new ScrapeException("flaky");
                }
                return metrics(1);
            }
            Scrape scrape = new Scrape(pod);
            all.add(scrape);
            started.add(scrape);
            try {
                scrape.answered.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ScrapeException("interrupted");
            }
            if (scrape.error != null) {
                throw new ScrapeException(scrape.error);
            }
            return scrape.result;
        }

        @Override
        public void forget(Pod pod) {
            forgotten.add(pod.address());
        }

        Scrape next() throws InterruptedException {
            Scrape scrape = started.poll(10, TimeUnit.SECONDS);
            if (scrape == null) {
                throw new AssertionError("no scrape started within 10 s");
            }
            return scrape;
        }

        void releaseAll() {
            all.forEach(s -> s.fail("test over"));
        }
    }
}
