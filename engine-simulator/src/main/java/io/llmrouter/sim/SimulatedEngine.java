package io.llmrouter.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.sim.clock.RealClock;
import io.llmrouter.sim.core.EngineCore;
import io.llmrouter.sim.core.EngineSnapshot;
import io.llmrouter.sim.core.RealTimeEngine;
import io.llmrouter.sim.http.ControlApi;
import io.llmrouter.sim.http.ErrorFormat;
import io.llmrouter.sim.http.LoraRegistry;
import io.llmrouter.sim.http.RequestCounters;
import io.llmrouter.sim.http.RequestRecorder;
import io.llmrouter.sim.http.ServingContext;
import io.llmrouter.sim.http.SimHttpServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated engine instance serving HTTP in (sped-up) real time: the embeddable API for
 * tests, benchmarks and the CLI.
 *
 * <pre>
 * try (SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().profile("instant").build())) {
 *     URI base = engine.baseUri();      // http://127.0.0.1:PORT
 *     engine.faults().errorRate(0.5, 503);
 * }
 * </pre>
 */
public final class SimulatedEngine implements AutoCloseable {

    private final EngineOptions options;
    private final RealTimeEngine engine;
    private final Personality personality;
    private final FaultInjector faults;
    private final LoraRegistry loras = new LoraRegistry();
    private final RequestRecorder recorder;
    private final RequestCounters counters = new RequestCounters();
    private final SimHttpServer server;
    /** Swapped whole; read on every scrape. */
    private final java.util.concurrent.atomic.AtomicReference<LoadOverride> loadOverride =
        new java.util.concurrent.atomic.AtomicReference<>(LoadOverride.NONE);

    /** Set once, by {@link #publishKvEvents}; closed with the engine. */
    private volatile io.llmrouter.sim.kvevents.KvEventPublisher kvEvents;

    private SimulatedEngine(EngineOptions options) {
        this.options = options;
        EngineCore core = new EngineCore(options.profile(), new RealClock(options.speedup()), options.seed(),
            options.maxLoras());
        this.personality = Personality.of(options, core, counters);
        core.addObserver(counters);
        this.engine = new RealTimeEngine(core, "sim-engine-" + options.engine().name().toLowerCase());
        this.faults = new FaultInjector(options.seed(), this::refuse);
        this.recorder = new RequestRecorder(options.recordedLimit());
        options.loras().forEach(name -> loras.load(name, "/adapters/" + name));
        // A random start, not the seed: response ids must differ between replicas and across restarts, as a
        // real engine's random UUIDs do (clients and logs key on them); the mixed counter keeps them unique here.
        AtomicLong ids = new AtomicLong(new java.security.SecureRandom().nextLong());
        ServingContext[] context = new ServingContext[1];
        this.server = new SimHttpServer(options.host(), options.port(),
            routing -> personality.routes(routing, context[0]), options.metricsPort(),
            routing -> routing.get("/metrics", new ControlApi(context[0], ErrorFormat.VLLM)::metrics));
        context[0] = new ServingContext(options, engine, faults, loras, recorder, counters,
            this::metricsText, new ObjectMapper(), ids, server::port);
    }

    /** Starts an instance and returns once it accepts connections. */
    public static SimulatedEngine start(EngineOptions options) {
        SimulatedEngine instance = new SimulatedEngine(options);
        instance.engine.start();
        try {
            instance.server.start();
        } catch (RuntimeException e) {
            instance.engine.close();
            throw e;
        }
        return instance;
    }

    public EngineOptions options() {
        return options;
    }

    /** The bound port (stable across refuse-connections faults). */
    public int port() {
        return server.port();
    }

    /** Port of the separate {@code /metrics} listener, or -1 when none was asked for. */
    public int metricsPort() {
        return server.metricsPort();
    }

    public URI baseUri() {
        return URI.create("http://" + options.host() + ":" + port());
    }

    public FaultInjector faults() {
        return faults;
    }

    public EngineStats stats() {
        return new EngineStats(counters.received(), counters.completed(), counters.aborted(), counters.failed(),
            counters.active());
    }

    /** The last inference requests received (at most {@link EngineOptions#recordedLimit()}), oldest first. */
    public List<RecordedRequest> recordedRequests() {
        return recorder.snapshot();
    }

    /** The recorded requests, forgotten as they are returned (for a reader that must miss none). */
    public List<RecordedRequest> drainRecordedRequests() {
        return recorder.drain();
    }

    public void clearRecordedRequests() {
        recorder.clear();
    }

    /** Live engine state, read under the engine lock. */
    public EngineState state() {
        return engine.withCore(core -> {
            EngineSnapshot s = core.snapshot();
            return new EngineState(s.running(), s.waiting(), s.kvUsage(), s.usedBlocks(), s.totalBlocks(),
                s.cachedBlocks(), counters.prefixQueriedTokens(), counters.prefixHitTokens(), counters.preemptions(),
                new ArrayList<>(loras.snapshot().keySet()));
        });
    }

    /** The {@code /metrics} text, without HTTP and without the metrics faults. */
    public String metricsText() {
        LoadOverride current = loadOverride.get();
        String text = engine.withCore(core -> personality.renderMetrics(core, current));
        return options.role() == EngineRole.DECODE ? text + PdMetrics.render(counters) : text;
    }

    /** Pins the running / waiting / KV-usage values {@code /metrics} reports ({@link LoadOverride#NONE} to unpin). */
    public void overrideLoad(LoadOverride override) {
        loadOverride.set(java.util.Objects.requireNonNull(override, "'override' must not be null"));
    }

    private void refuse(boolean refuse) {
        if (refuse) {
            server.stop();
        } else {
            server.start();
        }
    }

    /**
     * Publishes the block cache's changes as KV events, as vLLM does with {@code --kv-events-config}
     * (ZMQ PUB, optional replay ROUTER, {@code sha256_cbor} hashes); SGLang instances use SGLang's
     * batch shape. Returns the publisher (its ports, restart, test hooks).
     */
    public io.llmrouter.sim.kvevents.KvEventPublisher publishKvEvents(io.llmrouter.sim.kvevents.KvEventsConfig config) {
        boolean sglang = options.engine() == io.llmrouter.sim.EngineKind.SGLANG;
        var publisher = new io.llmrouter.sim.kvevents.KvEventPublisher(config.endpoint(), config.replayEndpoint(),
            config.topic(), new io.llmrouter.sim.kvevents.KvEventEncoder(config.encoding(), sglang, config.intHashes(),
                sglang ? null : 0), 10_000);
        var tap = new io.llmrouter.sim.kvevents.KvEventTap(config.seed(), () -> System.currentTimeMillis() / 1000.0,
            publisher::publish);
        engine.withCore(core -> {
            core.cache().listener(tap);
            core.addObserver(tap);
            return null;
        });
        kvEvents = publisher;
        return publisher;
    }

    /** Aborts in-flight requests (their streams end without [DONE]), then stops listening and the engine loop. */
    @Override
    public void close() {
        engine.close();
        server.close();
        var publisher = kvEvents;
        if (publisher != null) {
            publisher.close();
        }
    }
}
