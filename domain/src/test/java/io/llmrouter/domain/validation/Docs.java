package io.llmrouter.domain.validation;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.route.ModelMatch;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.route.RateLimitSpec;
import io.llmrouter.domain.route.RouteRule;
import io.llmrouter.domain.route.StringMatch;
import io.llmrouter.domain.route.TargetModel;
import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.PdGroup;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.server.WorkloadPort;
import io.llmrouter.domain.server.WorkloadSelector;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Valid documents to start each validator case from; a case changes one field. */
final class Docs {

    private Docs() {
    }

    static ObjectMeta meta(String name) {
        return ObjectMeta.of("default", name);
    }

    static ModelRoute route(String modelName, List<String> lora, List<RouteRule> rules) {
        return new ModelRoute(meta("r"), modelName, lora, List.of(), rules, Optional.empty());
    }

    static ModelRoute route(List<RouteRule> rules) {
        return route("deepseek-r1", List.of(), rules);
    }

    static ModelRoute route(RouteRule rule) {
        return route(List.of(rule));
    }

    static ModelRoute routeWithLimit(RateLimitSpec limit) {
        return new ModelRoute(meta("r"), "m", List.of(), List.of(), List.of(rule(TargetModel.server("s"))),
                Optional.of(limit));
    }

    static RouteRule rule(TargetModel... targets) {
        return new RouteRule("", Optional.empty(), List.of(targets));
    }

    static RouteRule ruleWithMatch(ModelMatch match) {
        return new RouteRule("m", Optional.of(match), List.of(TargetModel.server("s")));
    }

    static ModelMatch headerMatch(String name, StringMatch m) {
        return new ModelMatch(Map.of(name, m), Optional.empty(), Optional.empty());
    }

    static TargetModel target(String server, String external, int weight) {
        return new TargetModel(Optional.ofNullable(server), Optional.ofNullable(external), weight);
    }

    static ModelServer server(String name, Map<String, String> labels) {
        return new ModelServer(meta(name), Optional.of("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"), InferenceEngine.VLLM,
                new WorkloadSelector(labels, Optional.empty()), new WorkloadPort(8000, "http"), TrafficPolicy.DEFAULT,
                Optional.empty());
    }

    static ModelServer server() {
        return server("s", Map.of("app", "s"));
    }

    static ModelServer pdServer(PdGroup pd) {
        return new ModelServer(meta("s"), Optional.empty(), InferenceEngine.VLLM,
                new WorkloadSelector(Map.of("app", "s"), Optional.of(pd)), new WorkloadPort(8000, "http"),
                TrafficPolicy.DEFAULT, Optional.empty());
    }

    static Pod pod(String name, Map<String, String> labels) {
        return new Pod(new ObjectMeta(ResourceId.of("default", name), labels, Instant.EPOCH, ""), "10.0.0.5",
                OptionalInt.of(8000), true);
    }
}
