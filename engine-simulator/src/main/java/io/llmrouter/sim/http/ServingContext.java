package io.llmrouter.sim.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.FaultInjector;
import io.llmrouter.sim.RecordedRequest;
import io.llmrouter.sim.core.RealTimeEngine;
import io.llmrouter.sim.core.SimRequest;
import io.helidon.http.Header;
import io.helidon.webserver.http.ServerRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Everything the HTTP handlers of one simulated instance share. Immutable wiring; the mutable
 * parts (engine, faults, registry, recorder, counters) are thread-safe on their own.
 *
 * @param metrics renders the personality's {@code /metrics} text (takes the engine lock itself)
 * @param port    the port actually bound (the options may say 0)
 */
public record ServingContext(EngineOptions options, RealTimeEngine engine, FaultInjector faults,
                             LoraRegistry loras, RequestRecorder recorder, RequestCounters counters,
                             Supplier<String> metrics, ObjectMapper json, AtomicLong ids, IntSupplier port) {

    /** Records an inference request and counts it as received. */
    public void received(ServerRequest request, String body) {
        counters.received.incrementAndGet();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : request.headers()) {
            headers.put(header.name(), header.allValues());
        }
        recorder.record(new RecordedRequest(request.prologue().method().text(), request.path().path(), headers, body));
    }

    public void failed() {
        counters.failed.incrementAndGet();
    }

    /**
     * Next request id suffix, 32 hex digits like the engines' {@code uuid4().hex}: unique within the
     * instance (a bijection of a counter) and, since the counter starts at a random value, across
     * replicas and restarts.
     */
    public String nextId() {
        long n = ids.incrementAndGet();
        return hex16(mix(n)) + hex16(mix(n ^ 0x9e3779b97f4a7c15L));
    }

    private static String hex16(long v) {
        String hex = Long.toHexString(v);
        return "0".repeat(16 - hex.length()) + hex;
    }

    /**
     * Resolves the "model" field: null for the base model, the adapter name, or 404. TGI ignores
     * the field (any name means the base model), as the real server does.
     */
    public String adapterFor(String model) {
        if (model == null || model.equals(options.model())) {
            return null;
        }
        if (loras.contains(model)) {
            return model;
        }
        if (options.engine() == io.llmrouter.sim.EngineKind.TGI) {
            return null;
        }
        throw new ApiException(404, "The model `" + model + "` does not exist.");
    }

    /** Sleeps for the simulated duration via the engine's clock (so speed-up applies). */
    public void sleepSimulated(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            engine.withCore(core -> core.clock()).sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted");
        }
    }

    /** Sleeps in wall-clock time (faults are about the wire, not the model, so no speed-up). */
    public void sleepWall(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            engine.withCore(core -> core.clock()).sleepWall(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void abort(SimRequest request) {
        engine.abort(request);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
