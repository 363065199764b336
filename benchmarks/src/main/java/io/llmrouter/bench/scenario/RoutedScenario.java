package io.llmrouter.bench.scenario;

import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.server.WorkloadPort;
import io.llmrouter.domain.server.WorkloadSelector;
import io.llmrouter.sim.core.EngineObserver;
import io.llmrouter.sim.core.FinishReason;
import io.llmrouter.sim.core.GenerationRequest;
import io.llmrouter.sim.core.SimRequest;
import io.llmrouter.sim.core.TokenSink;
import io.llmrouter.sim.virtual.ScenarioConfig;
import io.llmrouter.sim.virtual.SharedPrefixScenario;
import io.llmrouter.sim.virtual.SharedPrefixScenario.Planned;
import io.llmrouter.sim.virtual.VirtualTimeLoop;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The scheduler in the loop, in virtual time: {@link SharedPrefixScenario}'s workload (the very same
 * planned requests) on the same simulated replicas, but each request is placed by a {@link Placer},
 * normally a real {@code SchedulingProfile} fed what the router would know (see {@link ReplicaView}).
 *
 * <pre>
 * at t = 0, 1 s, 2 s, … until every request finished: scrape every replica
 * at each planned arrival: candidates from the views → placer → submit to that replica; in-flight + 1
 * when a request finishes: in-flight − 1, latencies noted for the next scrape, placer.served(…)
 * </pre>
 * Scrapes only read the engines, so with the oracle placer the engines see exactly what the
 * simulator's own group-affinity run gives them, and the numbers are the same.
 */
public final class RoutedScenario {

    static final long SCRAPE_INTERVAL_NANOS = 1_000_000_000L;
    static final String MODEL = "deepseek-r1";
    static final ModelServer SERVER = new ModelServer(ObjectMeta.of("default", "deepseek-r1-7b"),
            Optional.empty(), InferenceEngine.VLLM, new WorkloadSelector(Map.of("app", "r1"), Optional.empty()),
            new WorkloadPort(8000, "http"), TrafficPolicy.DEFAULT, Optional.empty());

    private final ScenarioConfig config;
    private final String name;
    private final Placer placer;
    private final VirtualTimeLoop loop;
    private final List<ReplicaView> views = new ArrayList<>();
    private final Map<SimRequest, SchedulingRequest> open = new IdentityHashMap<>();
    private final List<SimRequest> submitted = new ArrayList<>();
    private final Map<Integer, Set<Pod>> podsPerGroup = new HashMap<>();
    private final long[] engineCounters = new long[3]; // queried tokens, hit tokens, preemptions
    private int finished;

    private RoutedScenario(ScenarioConfig config, PluginSet set) {
        this.config = config;
        this.name = set.name();
        this.placer = set.placer().apply(config.seed());
        this.loop = new VirtualTimeLoop(config.profile(), config.replicas(), config.seed(), 1);
        for (int i = 0; i < loop.size(); i++) {
            ReplicaView view = new ReplicaView(new Pod(ObjectMeta.of("default", "replica-" + i), "10.0.0." + i,
                    OptionalInt.empty(), true), loop.core(i));
            views.add(view);
            view.core().addObserver(observer(view));
            placer.replica(view.pod(), view.core());
        }
    }

    public static RoutedResult run(ScenarioConfig config, PluginSet set) {
        return new RoutedScenario(config, set).run();
    }

    private RoutedResult run() {
        List<Planned> plan = SharedPrefixScenario.plan(config);
        for (Planned planned : plan) {
            loop.at(planned.arrivalNanos(), () -> arrive(planned));
        }
        loop.at(0, this::scrapeAll);
        loop.run();
        double spread = podsPerGroup.values().stream().mapToInt(Set::size).average().orElse(0);
        double[] ttft = submitted.stream().mapToDouble(r -> (r.firstTokenNanos() - r.arrivalNanos()) / 1e6).sorted().toArray();
        double p90 = ttft.length == 0 ? 0 : ttft[(int) Math.ceil(0.90 * ttft.length) - 1];
        return new RoutedResult(Summary.of(name, submitted, engineCounters, config), spread, p90);
    }

    private void arrive(Planned planned) {
        SchedulingRequest request = new SchedulingRequest(MODEL, Optional.empty(), SERVER,
                PromptText.of(render(planned.prompt())));
        List<Candidate> candidates = views.stream().map(ReplicaView::candidate).toList();
        Pod pod = placer.choose(request, planned.group(), candidates);
        ReplicaView view = views.stream().filter(v -> v.pod().equals(pod)).findFirst().orElseThrow();
        // the same request the simulator's own placements submit (id, seed), so the oracle run matches them
        SimRequest sim = view.core().submit(new GenerationRequest("g" + planned.group(), planned.prompt(),
                config.outputTokens(), FinishReason.LENGTH, null, config.seed(), false, TokenSink.NONE));
        view.sent();
        open.put(sim, request);
        submitted.add(sim);
        podsPerGroup.computeIfAbsent(planned.group(), g -> new HashSet<>()).add(pod);
    }

    /** Scrapes every replica, and again one interval later while requests are outstanding. */
    private void scrapeAll() {
        long now = loop.clock().nowNanos();
        views.forEach(v -> v.scrape(now));
        if (finished < config.requests()) {
            loop.at(now + SCRAPE_INTERVAL_NANOS, this::scrapeAll);
        }
    }

    private EngineObserver observer(ReplicaView view) {
        return new EngineObserver() {
            @Override
            public void prefixLookup(SimRequest request, int queriedTokens, int hitTokens) {
                engineCounters[0] += queriedTokens;
                engineCounters[1] += hitTokens;
            }

            @Override
            public void requestPreempted(SimRequest request) {
                engineCounters[2]++;
            }

            @Override
            public void requestFinished(SimRequest request, FinishReason reason) {
                finished++;
                view.finished(request);
                // a placer that learns only from responses (Kthena's way) hears of it here
                placer.served(open.remove(request), view.pod());
            }
        };
    }

    /**
     * The token ids as the router's prompt text: 4 little-endian bytes per token, so a 64-byte hash
     * block is 16 tokens, the engine's KV block size; prefix equality is all that matters.
     */
    static byte[] render(int[] tokens) {
        ByteBuffer bytes = ByteBuffer.allocate(tokens.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(tokens);
        return bytes.array();
    }
}
