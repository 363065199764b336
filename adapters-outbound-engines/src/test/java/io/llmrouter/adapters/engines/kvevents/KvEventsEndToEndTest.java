package io.llmrouter.adapters.engines.kvevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.kvcache.KvBlockIndex;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.domain.scheduling.scorer.KvCacheAware;
import io.llmrouter.domain.scheduling.scorer.PrefixCache;
import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.server.WorkloadPort;
import io.llmrouter.domain.server.WorkloadSelector;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import io.llmrouter.sim.kvevents.KvEventEncoder;
import io.llmrouter.sim.kvevents.KvEventsConfig;
import io.llmrouter.sim.kvevents.VllmBlockHash;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Simulated engines publish their block cache's changes over ZMQ (a vLLM in the current map
 * encoding, an SGLang in the array one), the subscriptions follow the datastore's pods, the
 * tokens come from the engines' {@code /tokenize}, and {@code kvcache-aware} ranks the engine that
 * really holds the prompt first.
 */
class KvEventsEndToEndTest {

    static final Map<String, String> LABELS = Map.of("app", "sim");

    static Pod pod(String name, String address, int port) {
        return new Pod(new ObjectMeta(ResourceId.of("default", name), LABELS, Instant.EPOCH, ""), address,
                OptionalInt.of(port), true);
    }

    @Test
    void theEngineThatServedAPromptScoresHighestFromItsOwnEvents() throws Exception {
        int eventsPort = ThreadLocalRandom.current().nextInt(20_000, 40_000);
        SimulatedEngine vllm = SimulatedEngine.start(EngineOptions.builder().profile("instant").host("127.0.0.2").build());
        SimulatedEngine sglang = SimulatedEngine.start(EngineOptions.builder().profile("instant").host("127.0.0.3")
                .engine(EngineKind.SGLANG).build());
        KvBlockIndex index = new KvBlockIndex(64L << 20, System::nanoTime);
        try (vllm; sglang; KvEventSubscriber subscriber = new KvEventSubscriber(index, "", Duration.ofSeconds(1))) {
            vllm.publishKvEvents(new KvEventsConfig("tcp://127.0.0.2:" + eventsPort, null, "",
                    KvEventEncoder.Encoding.MAP, true, VllmBlockHash.DEFAULT_SEED));
            sglang.publishKvEvents(new KvEventsConfig("tcp://127.0.0.3:" + eventsPort, null, "",
                    KvEventEncoder.Encoding.ARRAY, false, VllmBlockHash.DEFAULT_SEED));
            ModelServer server = new ModelServer(ObjectMeta.of("default", "sim"), Optional.empty(), InferenceEngine.VLLM,
                    new WorkloadSelector(LABELS, Optional.empty()), new WorkloadPort(8000, "http"), TrafficPolicy.DEFAULT,
                    Optional.empty());
            Pod a = pod("a", "127.0.0.2", vllm.port());
            Pod b = pod("b", "127.0.0.3", sglang.port());
            Datastore datastore = new Datastore("test", Clock.systemUTC(), Datastore.ProblemLog.NONE);
            datastore.accepted(new ResourceSet(List.of(), List.of(server), List.of(a, b)), List.of(), "test");
            KvEventSubscriptions subscriptions = new KvEventSubscriptions(datastore, subscriber,
                    "tcp://{address}:" + eventsPort, null);
            subscriptions.start();
            await("both subscribed", () -> subscriber.subscribed() == 2);
            EngineTokenizer tokenizer = new EngineTokenizer(datastore, Duration.ofSeconds(2), Duration.ofSeconds(2), 100);
            KvCacheAware plugin = new KvCacheAware(KvCacheAware.Args.DEFAULT, index, tokenizer, System::nanoTime,
                    new PrefixCache(PrefixCache.Args.DEFAULT));
            List<Candidate> candidates = List.of(Candidate.of(a), Candidate.of(b));

            String promptA = "The quick brown fox jumps over the lazy dog. ".repeat(40);
            String promptB = "Pack my box with five dozen liquor jugs, said the sphinx. ".repeat(40);
            // ZMQ's slow joiner: serve distinct warm-up prompts until each engine's events arrive
            int[] n = {0};
            await("events from a", () -> complete(vllm, "warm-up " + n[0]++ + " ".repeat(80)) && index.hasEvents(a.id()));
            await("events from b", () -> complete(sglang, "warm-up " + n[0]++ + " ".repeat(80)) && index.hasEvents(b.id()));
            complete(vllm, promptA);
            complete(sglang, promptB);
            // Wait for the prompts' own blocks, not just any: warm-up blocks alone can pass a block count.
            await("prompt A's blocks on a", () -> plugin.score(request(server, promptA), candidates)[0] > 0.9);
            await("prompt B's blocks on b", () -> plugin.score(request(server, promptB), candidates)[1] > 0.9);

            // While waiting, a tokenization may miss its budget on a loaded machine (the plugin then steps
            // aside, as designed): only the two decisions below must be made from the engines' tokens.
            long stepAsidesBefore = plugin.noTokens();
            double[] forA = plugin.score(request(server, promptA), candidates);
            double[] forB = plugin.score(request(server, promptB), candidates);
            assertTrue(forA[0] > 0.9 && forA[1] == 0.0, "prompt A: " + java.util.Arrays.toString(forA));
            assertTrue(forB[1] > 0.9 && forB[0] == 0.0, "prompt B: " + java.util.Arrays.toString(forB));
            assertEquals(stepAsidesBefore, plugin.noTokens(), "the final decisions were made from tokens");
            assertEquals(0, subscriber.malformed());
            assertTrue(tokenizer.calls() >= 2);

            // the pod goes away: its subscription and its entries with it
            datastore.accepted(new ResourceSet(List.of(), List.of(server), List.of(a)), List.of(), "test");
            await("b forgotten", () -> subscriber.subscribed() == 1 && !index.hasEvents(b.id()));
        }
    }

    static SchedulingRequest request(ModelServer server, String prompt) {
        return new SchedulingRequest("sim", Optional.empty(), server, PromptText.of(prompt.getBytes(StandardCharsets.UTF_8)));
    }

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static boolean complete(SimulatedEngine engine, String prompt) {
        String body = "{\"model\":\"" + engine.options().model() + "\",\"prompt\":\"" + prompt + "\",\"max_tokens\":2}";
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(engine.baseUri() + "/v1/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            Thread.sleep(50);
            return true;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
