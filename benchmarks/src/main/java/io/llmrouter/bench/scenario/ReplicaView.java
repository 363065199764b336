package io.llmrouter.bench.scenario;

import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.sim.core.EngineCore;
import io.llmrouter.sim.core.EngineSnapshot;
import io.llmrouter.sim.core.SimRequest;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One replica as the router sees it, which is not what the engine is now: the engine's state as of
 * the last scrape (running, waiting, KV usage, and TTFT/TPOT means over the requests that finished
 * in the interval before it, the previous means when none did), plus the router's own count of
 * requests sent and not yet finished, which is always current.
 *
 * <p>Single-threaded: touched only from the virtual-time loop.
 */
final class ReplicaView {

    private final Pod pod;
    private final EngineCore core;
    private Optional<PodMetrics> metrics = Optional.empty();
    private int inFlight;
    private double ttftSum;
    private double tpotSum;
    private int finishedSinceScrape;
    private double ttftMean = Double.NaN;
    private double tpotMean = Double.NaN;

    ReplicaView(Pod pod, EngineCore core) {
        this.pod = pod;
        this.core = core;
    }

    Pod pod() {
        return pod;
    }

    EngineCore core() {
        return core;
    }

    Candidate candidate() {
        return new Candidate(pod, metrics, inFlight);
    }

    void sent() {
        inFlight++;
    }

    /** The response ended: the in-flight count drops now; the latencies show up at the next scrape. */
    void finished(SimRequest request) {
        inFlight--;
        finishedSinceScrape++;
        ttftSum += (request.firstTokenNanos() - request.arrivalNanos()) / 1e9;
        int gaps = request.outputTokens() - 1;
        tpotSum += gaps > 0 ? (request.lastTokenNanos() - request.firstTokenNanos()) / 1e9 / gaps : 0;
    }

    /** Reads the engine as a metrics poll would: histogram deltas become interval means. */
    void scrape(long nowNanos) {
        if (finishedSinceScrape > 0) {
            ttftMean = ttftSum / finishedSinceScrape;
            tpotMean = tpotSum / finishedSinceScrape;
            ttftSum = 0;
            tpotSum = 0;
            finishedSinceScrape = 0;
        }
        EngineSnapshot s = core.snapshot();
        // vLLM's lora_requests_info: adapters of running and waiting requests, and max_lora
        Set<String> loras = new java.util.HashSet<>(s.runningAdapters());
        loras.addAll(s.waitingAdapters());
        metrics = Optional.of(new PodMetrics(s.running(), s.waiting(), s.kvUsage(), ttftMean, tpotMean, loras,
                core.maxLoras(), Double.NaN, core.profile().capacityTokens(), Instant.ofEpochSecond(0, nowNanos)));
    }
}
