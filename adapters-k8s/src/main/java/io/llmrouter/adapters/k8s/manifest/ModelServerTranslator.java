package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.KvConnectorType;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.PdGroup;
import io.llmrouter.domain.server.RetryPolicy;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.server.WorkloadPort;
import io.llmrouter.domain.server.WorkloadSelector;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A ModelServer document's {@code spec} to a {@link ModelServer}, with the CRD's defaults: protocol
 * {@code http}, {@code retryInterval} 100ms when a retry block is present, connector {@code http} when
 * a kvConnector block has no type. Without a retry block the router's own default applies
 * ({@link RetryPolicy#DEFAULT}). Reports what a record cannot hold: missing or unknown engine and
 * connector, missing port, negative attempts.
 */
final class ModelServerTranslator {

    private static final Set<String> SPEC = Set.of("model", "inferenceEngine", "workloadSelector", "workloadPort",
            "trafficPolicy", "kvConnector");
    private static final Set<String> SELECTOR = Set.of("matchLabels", "pdGroup");
    private static final Set<String> PD_GROUP = Set.of("groupKey", "prefillLabels", "decodeLabels");

    private ModelServerTranslator() {
    }

    static Optional<ModelServer> translate(ObjectMeta meta, YamlFields spec, DocumentContext ctx) {
        spec.warnUnknown(SPEC);
        Optional<InferenceEngine> engine = engine(spec, ctx);
        WorkloadSelector selector = spec.object("workloadSelector").map(ModelServerTranslator::selector)
                .orElseGet(() -> new WorkloadSelector(Map.of(), Optional.empty()));
        Optional<WorkloadPort> port = port(spec, ctx);
        Optional<TrafficPolicy> policy = spec.object("trafficPolicy").map(p -> trafficPolicy(p, ctx))
                .orElse(Optional.of(TrafficPolicy.DEFAULT));
        Optional<KvConnectorType> connector = spec.object("kvConnector").flatMap(k -> connector(k, ctx));
        if (engine.isEmpty() || port.isEmpty() || policy.isEmpty() || ctx.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new ModelServer(meta, spec.string("model"), engine.get(), selector, port.get(),
                policy.get(), connector));
    }

    private static Optional<InferenceEngine> engine(YamlFields spec, DocumentContext ctx) {
        Optional<String> text = spec.string("inferenceEngine");
        if (text.isEmpty()) {
            ctx.error(spec.node(), spec.path("inferenceEngine"), "is required; use one of "
                    + InferenceEngine.allowedValues());
            return Optional.empty();
        }
        Optional<InferenceEngine> engine = InferenceEngine.fromCrd(text.get());
        if (engine.isEmpty()) {
            List<String> allowed = Arrays.stream(InferenceEngine.values()).map(InferenceEngine::crdName).toList();
            ctx.error(spec.raw("inferenceEngine").orElseThrow(), spec.path("inferenceEngine"), "'" + text.get()
                    + "' is not an engine" + Suggestions.didYouMean(text.get(), allowed) + "; use one of "
                    + InferenceEngine.allowedValues() + " (spelled exactly so)");
        }
        return engine;
    }

    private static WorkloadSelector selector(YamlFields selector) {
        selector.warnUnknown(SELECTOR);
        Optional<PdGroup> pd = selector.object("pdGroup").map(g -> {
            g.warnUnknown(PD_GROUP);
            return new PdGroup(g.string("groupKey").orElse(""), g.stringMap("prefillLabels"), g.stringMap("decodeLabels"));
        });
        return new WorkloadSelector(selector.stringMap("matchLabels"), pd);
    }

    private static Optional<WorkloadPort> port(YamlFields spec, DocumentContext ctx) {
        Optional<YamlFields> port = spec.object("workloadPort");
        port.ifPresent(p -> p.warnUnknown(Set.of("port", "protocol")));
        Optional<Integer> number = port.flatMap(p -> p.int32("port"));
        if (port.isEmpty() || !port.get().has("port")) {
            ctx.error(port.map(YamlFields::node).orElse(spec.node()), spec.path("workloadPort.port"),
                    "is required; write workloadPort: {port: 8000}, the port the engine serves on");
        }
        return number.map(n -> new WorkloadPort(n, port.get().string("protocol").orElse(WorkloadPort.DEFAULT_PROTOCOL)));
    }

    private static Optional<TrafficPolicy> trafficPolicy(YamlFields policy, DocumentContext ctx) {
        policy.warnUnknown(Set.of("timeout", "retry"));
        Optional<Duration> timeout = policy.duration("timeout");
        Optional<YamlFields> retryBlock = policy.object("retry");
        if (retryBlock.isEmpty()) {
            return Optional.of(new TrafficPolicy(timeout, RetryPolicy.DEFAULT));
        }
        YamlFields retry = retryBlock.get();
        retry.warnUnknown(Set.of("attempts", "retryInterval"));
        int attempts = retry.int32("attempts").orElse(0);
        if (!retry.has("attempts")) {
            ctx.warning(retry.node(), retry.path("attempts"), "is not set, so failed requests are not retried; set"
                    + " attempts (e.g. 2) or remove the retry block for the router's default");
        }
        if (attempts < 0) {
            ctx.error(retry.raw("attempts").orElseThrow(), retry.path("attempts"), "is " + attempts
                    + "; use 0 or more (the number of further pods to try)");
            return Optional.empty();
        }
        Duration interval = retry.duration("retryInterval").orElse(RetryPolicy.DEFAULT_INTERVAL);
        return Optional.of(new TrafficPolicy(timeout, new RetryPolicy(attempts, interval)));
    }

    private static Optional<KvConnectorType> connector(YamlFields connector, DocumentContext ctx) {
        connector.warnUnknown(Set.of("type"));
        String text = connector.string("type").orElse(KvConnectorType.HTTP.crdName());
        Optional<KvConnectorType> type = KvConnectorType.fromCrd(text);
        if (type.isEmpty()) {
            List<String> allowed = Arrays.stream(KvConnectorType.values()).map(KvConnectorType::crdName).toList();
            ctx.error(connector.raw("type").orElseThrow(), connector.path("type"), "'" + text + "' is not a connector"
                    + Suggestions.didYouMean(text, allowed) + "; use one of " + KvConnectorType.allowedValues());
        }
        return type;
    }
}
