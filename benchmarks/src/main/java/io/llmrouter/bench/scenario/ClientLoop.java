package io.llmrouter.bench.scenario;

import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.sim.core.EngineObserver;
import io.llmrouter.sim.core.FinishReason;
import io.llmrouter.sim.core.GenerationRequest;
import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.SimRequest;
import io.llmrouter.sim.core.TokenSink;
import io.llmrouter.sim.virtual.VirtualTimeLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The scheduler in the loop behind a bench_serving-like client, in virtual time: Poisson arrivals
 * at {@code requestRate}, at most {@code maxConcurrency} requests in flight (a request that arrives
 * while every slot is taken waits, in arrival order, for one to free), and TTFT and latency measured
 * from the moment a request is sent, not from its arrival, as bench_serving does (its semaphore is
 * taken before the request is timed). Conversations send their next turn a think time after the
 * previous answer, with the whole conversation as the prompt (the engine's generated tokens included,
 * so the engine's cache can hold it).
 *
 * <pre>
 * arrival (Poisson, or a follow-up turn due) → a free slot? send now : wait in the client queue
 * send: candidates as the router sees them (ReplicaView) → placer → submit to that replica
 * finish: slot freed → the next waiting request is sent at once; a conversation schedules its next turn
 * every 1 s of virtual time while requests are outstanding: scrape every replica
 * </pre>
 * Throughput is completed requests over the time from the first arrival to the last completion.
 * Single-threaded: everything runs on the virtual-time loop.
 */
public final class ClientLoop {

    /**
     * The fleet and the client.
     *
     * @param profile        every replica's engine profile
     * @param replicas       engine replicas
     * @param maxLoras       LoRA slots per replica ({@code --max-loras})
     * @param maxConcurrency client slots ({@code --max-concurrency})
     * @param requestRate    Poisson arrival rate of jobs, req/s ({@code Double.POSITIVE_INFINITY}: all at once)
     * @param seed           seed of arrivals, engines and placers
     */
    public record Config(Profile profile, int replicas, int maxLoras, int maxConcurrency, double requestRate,
                         long seed) {
        public Config {
            if (replicas < 1 || maxLoras < 1 || maxConcurrency < 1 || !(requestRate > 0)) {
                throw new IllegalArgumentException("replicas, max-loras, max-concurrency and rate must be positive");
            }
        }
    }

    /**
     * What one row measured.
     *
     * @param policy            plugin set name
     * @param requests          requests planned (every turn)
     * @param completed         requests that produced every output token
     * @param durationSeconds   first arrival to last completion
     * @param requestsPerSecond completed over duration
     * @param meanLatencyMs     mean send-to-last-token
     * @param meanTtftMs        mean send-to-first-token
     * @param p99TtftMs         99th percentile TTFT (nearest rank)
     * @param prefixHitRate     engine prefix-cache hit tokens over looked-up tokens
     * @param preemptions       engine preemptions, all replicas
     * @param replicasPerGroup  mean distinct replicas a group's requests went to
     * @param loraLoads         adapter loads into a LoRA slot, all replicas
     */
    public record Result(String policy, int requests, int completed, double durationSeconds, double requestsPerSecond,
                         double meanLatencyMs, double meanTtftMs, double p99TtftMs, double prefixHitRate,
                         long preemptions, double replicasPerGroup, long loraLoads) {

        public double successRate() {
            return requests == 0 ? 0 : completed / (double) requests;
        }
    }

    static final long SCRAPE_INTERVAL_NANOS = RoutedScenario.SCRAPE_INTERVAL_NANOS;

    private final Config config;
    private final Workload workload;
    private final String name;
    private final Placer placer;
    private final VirtualTimeLoop loop;
    private final List<ReplicaView> views = new ArrayList<>();
    private final Deque<Pending> queued = new ArrayDeque<>();
    private final Map<SimRequest, Sent> open = new IdentityHashMap<>();
    private final List<SimRequest> done = new ArrayList<>();
    private final Map<Integer, Set<Pod>> podsPerGroup = new HashMap<>();
    private final long[] counters = new long[4]; // queried tokens, hit tokens, preemptions, lora loads
    private final int total;
    private int inFlight;
    private int ended;
    private long firstArrival = -1;
    private long lastEnd;

    /** A request due to be sent: its job, turn and prompt. */
    private record Pending(Workload.Job job, int turn, int[] prompt, int outputTokens) {
    }

    /** A request sent: what the placer and the next turn need. */
    private record Sent(Pending pending, SchedulingRequest request, int[] output) {
    }

    private ClientLoop(Config config, Workload workload, PluginSet set) {
        this.config = config;
        this.workload = workload;
        this.name = set.name();
        this.total = workload.requests();
        this.placer = set.placer().apply(config.seed());
        this.loop = new VirtualTimeLoop(config.profile(), config.replicas(), config.seed(), config.maxLoras());
        for (int i = 0; i < loop.size(); i++) {
            ReplicaView view = new ReplicaView(new Pod(ObjectMeta.of("default", "replica-" + i), "10.0.0." + i,
                    OptionalInt.empty(), true), loop.core(i));
            views.add(view);
            view.core().addObserver(observer(view));
            placer.replica(view.pod(), view.core());
        }
    }

    public static Result run(Config config, Workload workload, PluginSet set) {
        return new ClientLoop(config, workload, set).run();
    }

    private Result run() {
        SplittableRandom arrivals = new SplittableRandom(config.seed() ^ 0x9E3779B97F4A7C15L);
        double t = 0;
        for (Workload.Job job : workload.jobs()) {
            if (Double.isFinite(config.requestRate())) {
                t += -Math.log(1 - arrivals.nextDouble()) / config.requestRate();
            }
            Pending first = new Pending(job, 0, job.prompt(), job.outputTokens());
            loop.at((long) (t * 1e9), () -> arrive(first));
        }
        loop.at(0, this::scrapeAll);
        loop.run();
        return summarise();
    }

    private void arrive(Pending pending) {
        if (firstArrival < 0) {
            firstArrival = loop.clock().nowNanos();
        }
        // a conversation's next turn goes first: its user is already in (as a client holding one connection
        // per conversation would), else it would wait behind every conversation not started yet
        if (pending.turn() > 0) {
            queued.addFirst(pending);
        } else {
            queued.addLast(pending);
        }
        sendWhileSlotsFree();
    }

    private void sendWhileSlotsFree() {
        while (inFlight < config.maxConcurrency() && !queued.isEmpty()) {
            send(queued.pollFirst());
        }
    }

    private void send(Pending p) {
        String adapter = p.job().adapter();
        SchedulingRequest request = new SchedulingRequest(adapter == null ? RoutedScenario.MODEL : adapter,
                Optional.ofNullable(adapter), RoutedScenario.SERVER, PromptText.of(RoutedScenario.render(p.prompt())));
        List<Candidate> candidates = views.stream().map(ReplicaView::candidate).toList();
        Pod pod = placer.choose(request, p.job().group(), candidates);
        ReplicaView view = views.stream().filter(v -> v.pod().equals(pod)).findFirst().orElseThrow();
        boolean more = p.turn() < p.job().followUps().size();
        int[] output = more ? new int[p.outputTokens()] : null;
        TokenSink sink = output == null ? TokenSink.NONE : new TokenSink() {
            @Override
            public void onToken(SimRequest r, int index, int tokenId, String text) {
                output[index] = tokenId;
            }

            @Override
            public void onFinish(SimRequest r, FinishReason reason) {
            }
        };
        SimRequest sim;
        try {
            sim = view.core().submit(new GenerationRequest("g" + p.job().group() + "-t" + p.turn(), p.prompt(),
                    p.outputTokens(), FinishReason.LENGTH, adapter, config.seed(), false, sink));
        } catch (IllegalArgumentException tooLong) {
            // the engine refuses it (400 over HTTP): a failed request (not completed); the conversation ends here
            ended += 1 + p.job().followUps().size() - p.turn();
            return;
        }
        inFlight++;
        view.sent();
        open.put(sim, new Sent(p, request, output));
        podsPerGroup.computeIfAbsent(p.job().group(), g -> new HashSet<>()).add(pod);
    }

    private void finished(ReplicaView view, SimRequest request) {
        long now = loop.clock().nowNanos();
        inFlight--;
        ended++;
        lastEnd = Math.max(lastEnd, now);
        view.finished(request);
        done.add(request);
        Sent sent = open.remove(request);
        placer.served(sent.request(), view.pod());
        Pending p = sent.pending();
        if (p.turn() < p.job().followUps().size()) {
            Workload.FollowUp next = p.job().followUps().get(p.turn());
            int[] prompt = Arrays.copyOf(p.prompt(), p.prompt().length + sent.output().length + next.userTokens().length);
            System.arraycopy(sent.output(), 0, prompt, p.prompt().length, sent.output().length);
            System.arraycopy(next.userTokens(), 0, prompt, p.prompt().length + sent.output().length,
                    next.userTokens().length);
            Pending turn = new Pending(p.job(), p.turn() + 1, prompt, next.outputTokens());
            loop.at(now + next.thinkNanos(), () -> arrive(turn));
        }
        // after the step that finished it has been applied: send the next waiting request then
        loop.at(now, this::sendWhileSlotsFree);
    }

    private void scrapeAll() {
        long now = loop.clock().nowNanos();
        views.forEach(v -> v.scrape(now));
        if (ended < total) {
            loop.at(now + SCRAPE_INTERVAL_NANOS, this::scrapeAll);
        }
    }

    private EngineObserver observer(ReplicaView view) {
        return new EngineObserver() {
            @Override
            public void prefixLookup(SimRequest request, int queriedTokens, int hitTokens) {
                counters[0] += queriedTokens;
                counters[1] += hitTokens;
            }

            @Override
            public void requestPreempted(SimRequest request) {
                counters[2]++;
            }

            @Override
            public void stepFinished(io.llmrouter.sim.core.StepPlan step) {
                counters[3] += step.loraLoads();
            }

            @Override
            public void requestFinished(SimRequest request, FinishReason reason) {
                finished(view, request);
            }
        };
    }

    private Result summarise() {
        List<SimRequest> complete = done.stream().filter(r -> r.outputTokens() == r.maxTokens()).toList();
        double seconds = (lastEnd - Math.max(firstArrival, 0)) / 1e9;
        double[] ttft = complete.stream().mapToDouble(r -> (r.firstTokenNanos() - r.arrivalNanos()) / 1e6).sorted()
                .toArray();
        double latency = complete.stream().mapToDouble(r -> (r.finishedNanos() - r.arrivalNanos()) / 1e6).average()
                .orElse(0);
        double p99 = ttft.length == 0 ? 0 : ttft[(int) Math.ceil(0.99 * ttft.length) - 1];
        double spread = podsPerGroup.values().stream().mapToInt(Set::size).average().orElse(0);
        return new Result(name, total, complete.size(), seconds, seconds > 0 ? complete.size() / seconds : 0, latency,
                Arrays.stream(ttft).average().orElse(0), p99, counters[0] == 0 ? 0 : counters[1] / (double) counters[0],
                counters[2], spread, counters[3]);
    }
}
