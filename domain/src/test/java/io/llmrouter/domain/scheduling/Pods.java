package io.llmrouter.domain.scheduling;

import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.server.WorkloadPort;
import io.llmrouter.domain.server.WorkloadSelector;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Fixtures for plugin tests. */
public final class Pods {

    public static final ModelServer SERVER = new ModelServer(ObjectMeta.of("default", "s"), Optional.empty(),
            InferenceEngine.VLLM, new WorkloadSelector(Map.of("app", "s"), Optional.empty()), new WorkloadPort(8000, "http"),
            TrafficPolicy.DEFAULT, Optional.empty());

    private Pods() {
    }

    public static Pod pod(String name) {
        return new Pod(ObjectMeta.of("default", name), "127.0.0.1", OptionalInt.empty(), true);
    }

    public static PodMetrics metrics(int running, int waiting, double kv, double ttft, double tpot) {
        return new PodMetrics(running, waiting, kv, ttft, tpot, Set.of(), -1, Double.NaN, -1, Instant.EPOCH);
    }

    public static PodMetrics loras(Set<String> loaded, int maxLoras) {
        return new PodMetrics(0, 0, 0.1, Double.NaN, Double.NaN, loaded, maxLoras, Double.NaN, -1, Instant.EPOCH);
    }

    public static Candidate known(String name, PodMetrics metrics, int inFlight) {
        return new Candidate(pod(name), Optional.of(metrics), inFlight);
    }

    public static Candidate unknown(String name, int inFlight) {
        return new Candidate(pod(name), Optional.empty(), inFlight);
    }

    public static SchedulingRequest request(String prompt) {
        return new SchedulingRequest("m", Optional.empty(), SERVER, PromptText.of(prompt.getBytes(StandardCharsets.UTF_8)));
    }

    public static SchedulingRequest loraRequest(String adapter) {
        return new SchedulingRequest(adapter, Optional.of(adapter), SERVER, PromptText.empty());
    }
}
