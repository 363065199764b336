package io.llmrouter.adapters.engines.kvevents;

import static io.llmrouter.adapters.engines.kvevents.KvEventsEndToEndTest.await;
import static io.llmrouter.adapters.engines.kvevents.KvEventsEndToEndTest.complete;
import static io.llmrouter.adapters.engines.kvevents.KvEventsEndToEndTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.adapters.engines.metrics.HttpEngineMetricsSource;
import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.kvcache.KvBlockIndex;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.scorer.KvCacheAware;
import io.llmrouter.domain.scheduling.scorer.PrefixCache;
import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.server.WorkloadPort;
import io.llmrouter.domain.server.WorkloadSelector;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import io.llmrouter.sim.kvevents.KvEventEncoder;
import io.llmrouter.sim.kvevents.KvEventPublisher;
import io.llmrouter.sim.kvevents.KvEventsConfig;
import io.llmrouter.sim.kvevents.VllmBlockHash;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * An engine restarts (a simulator stopped and started again on the same HTTP, KV-event and replay
 * ports) while the subscriber's view of its sequence shows nothing: the new process's first batches
 * were missed while the subscriber reconnected, so the numbers it hears continue the old ones, and
 * any gap is filled by a replay from the new process's buffer. Only the engine's start time in its
 * {@code /metrics} ({@code process_start_time_seconds}) tells; the old process's blocks must go,
 * the new one's must stay.
 */
class KvEventsEngineRestartTest {

    @Test
    void aRestartHiddenFromTheSequenceIsCaughtByTheEnginesStartTime() throws Exception {
        int eventsPort = ThreadLocalRandom.current().nextInt(20_000, 40_000);
        int replayPort = eventsPort + 1;
        KvEventsConfig events = new KvEventsConfig("tcp://127.0.0.4:" + eventsPort, "tcp://127.0.0.4:" + replayPort, "",
                KvEventEncoder.Encoding.MAP, true, VllmBlockHash.DEFAULT_SEED);
        EngineOptions options = EngineOptions.builder().profile("instant").host("127.0.0.4").build();
        SimulatedEngine first = SimulatedEngine.start(options);
        int httpPort = first.port();
        KvBlockIndex index = new KvBlockIndex(64L << 20, System::nanoTime);
        HttpEngineMetricsSource metrics = new HttpEngineMetricsSource(Duration.ofSeconds(2), 1 << 20, Clock.systemUTC());
        SimulatedEngine second = null;
        boolean firstClosed = false;
        try (KvEventSubscriber subscriber = new KvEventSubscriber(index, "", Duration.ofSeconds(2))) {
            KvEventPublisher before = first.publishKvEvents(events);
            ModelServer server = new ModelServer(ObjectMeta.of("default", "sim"), Optional.empty(), InferenceEngine.VLLM,
                    new WorkloadSelector(KvEventsEndToEndTest.LABELS, Optional.empty()), new WorkloadPort(8000, "http"),
                    TrafficPolicy.DEFAULT, Optional.empty());
            Pod pod = KvEventsEndToEndTest.pod("a", "127.0.0.4", httpPort);
            Datastore datastore = new Datastore("test", Clock.systemUTC(), Datastore.ProblemLog.NONE);
            datastore.accepted(new ResourceSet(List.of(), List.of(server), List.of(pod)), List.of(), "test");
            subscriber.subscribe(pod.id(), "tcp://127.0.0.4:" + eventsPort, "tcp://127.0.0.4:" + replayPort);
            EngineTokenizer tokenizer = new EngineTokenizer(datastore, Duration.ofSeconds(2), Duration.ofSeconds(2), 100);
            KvCacheAware plugin = new KvCacheAware(new KvCacheAware.Args(16, 128, 0.8, 5000, 0), index, tokenizer,
                    System::nanoTime, new PrefixCache(PrefixCache.Args.DEFAULT));
            List<Candidate> eventsOnly = List.of(Candidate.of(pod));

            String old = "The quick brown fox jumps over the lazy dog. ".repeat(40);
            String fresh = "Pack my box with five dozen liquor jugs, said the sphinx. ".repeat(40);
            SimulatedEngine engine = first;
            int[] n = {0};
            await("events from the first process",
                    () -> complete(engine, "warm-up " + n[0]++ + " ".repeat(80)) && index.hasEvents(pod.id()));
            complete(first, old);
            await("the old prompt's blocks", () -> plugin.score(request(server, old), eventsOnly)[0] > 0.9);
            double firstStart = metrics.scrape(pod, httpPort, InferenceEngine.VLLM).engineStartSeconds();
            assertTrue(firstStart > 0, "the simulator reports process_start_time_seconds");
            long heard = before.published();
            first.close();
            firstClosed = true;

            // the same engine, started again: an empty cache, numbering on from where the subscriber is
            Thread.sleep(20); // a start time visibly later than the old process's last event
            second = SimulatedEngine.start(options.toBuilder().port(httpPort).build());
            second.publishKvEvents(events).sequenceFrom(heard);
            long batchesBefore = subscriber.batches();
            SimulatedEngine restarted = second;
            await("events from the new process",
                    () -> complete(restarted, "again " + n[0]++ + " ".repeat(80)) && subscriber.batches() > batchesBefore);
            complete(second, fresh);
            await("the new prompt's blocks", () -> plugin.score(request(server, fresh), eventsOnly)[0] > 0.9);
            // the sequence showed nothing: to the events alone the old prompt still looks cached
            assertEquals(0, subscriber.restarts());
            assertEquals(0, subscriber.resets());
            assertEquals(1.0, plugin.score(request(server, old), eventsOnly)[0], 1e-9);

            PodMetrics now = metrics.scrape(pod, httpPort, InferenceEngine.VLLM);
            assertTrue(now.engineStartSeconds() > firstStart, firstStart + " then " + now.engineStartSeconds());
            List<Candidate> scraped = List.of(new Candidate(pod, Optional.of(now), 0));
            assertEquals(0.0, plugin.score(request(server, old), scraped)[0], 1e-9,
                    "the old process's blocks are gone with it");
            assertTrue(plugin.score(request(server, fresh), scraped)[0] > 0.9, "the new process's blocks stay");
            assertTrue(index.restartDropped() > 0);
        } finally {
            if (!firstClosed) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
        }
    }
}
