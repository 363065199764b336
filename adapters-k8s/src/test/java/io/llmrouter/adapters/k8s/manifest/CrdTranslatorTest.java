package io.llmrouter.adapters.k8s.manifest;

import static io.llmrouter.adapters.k8s.manifest.TestManifests.API;
import static io.llmrouter.adapters.k8s.manifest.TestManifests.assertProblem;
import static io.llmrouter.adapters.k8s.manifest.TestManifests.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.route.RateLimitSpec;
import io.llmrouter.domain.route.StringMatch;
import io.llmrouter.domain.route.TargetModel;
import io.llmrouter.domain.server.KvConnectorType;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.RetryPolicy;
import io.llmrouter.domain.server.TrafficPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CrdTranslatorTest {

    private static final String SERVER_HEAD = API + "kind: ModelServer\nmetadata: {name: s}\nspec:\n"
            + "  inferenceEngine: vLLM\n  workloadSelector: {matchLabels: {app: s}}\n";

    private static ModelRoute onlyRoute(String yaml) {
        CrdTranslator.Result result = translate(yaml);
        assertEquals(List.of(), result.problems());
        return result.resources().routes().getFirst();
    }

    private static ModelServer onlyServer(String yaml) {
        CrdTranslator.Result result = translate(yaml);
        assertFalse(result.problems().stream().anyMatch(p -> p.isError()), result.problems()::toString);
        return result.resources().servers().getFirst();
    }

    @Test
    void translate_fullRoute_keepsEveryField() {
        ModelRoute route = onlyRoute(API + """
                kind: ModelRoute
                metadata: {name: r, namespace: team-a, labels: {tier: gold}}
                spec:
                  modelName: deepseek-r1
                  loraAdapters: [lora-A]
                  parentRefs: [{name: gw, sectionName: http, port: 80}]
                  rules:
                  - name: premium
                    modelMatch:
                      headers: {User-Type: {exact: premium}}
                      uri: {prefix: /v1/chat}
                      body: {model: deepseek-r1}
                    targetModels:
                    - {modelServerName: a, weight: 70}
                    - {modelServerName: b, weight: 30}
                  rateLimit:
                    inputTokensPerUnit: 30
                    outputTokensPerUnit: 100
                    unit: minute
                    global: {redis: {address: "redis:6379"}}
                """);
        assertEquals("team-a/r", route.id().toString());
        assertEquals(Map.of("tier", "gold"), route.meta().labels());
        assertEquals(List.of("lora-A"), route.loraAdapters());
        assertEquals("gateway.networking.k8s.io", route.parentRefs().getFirst().group());
        assertEquals(OptionalInt.of(80), route.parentRefs().getFirst().port());
        var match = route.rules().getFirst().match().orElseThrow();
        assertEquals(Map.of("user-type", StringMatch.exact("premium")), match.headers());
        assertEquals(Optional.of(StringMatch.prefix("/v1/chat")), match.uri());
        assertEquals(Optional.of("deepseek-r1"), match.bodyModel());
        assertEquals(List.of(TargetModel.server("a", 70), TargetModel.server("b", 30)), route.rules().getFirst().targets());
        assertEquals(new RateLimitSpec(OptionalInt.of(30), OptionalInt.of(100), RateLimitSpec.Unit.MINUTE,
                Optional.of("redis:6379")), route.rateLimit().orElseThrow());
    }

    @Test
    void translate_routeDefaults_appliesCrdDefaults() {
        ModelRoute route = onlyRoute(API + """
                kind: ModelRoute
                metadata: {name: r}
                spec:
                  modelName: m
                  rules: [{targetModels: [{modelServerName: s}]}]
                  rateLimit: {inputTokensPerUnit: 5}
                """);
        assertEquals("default", route.id().namespace());
        assertEquals(TargetModel.DEFAULT_WEIGHT, route.rules().getFirst().targets().getFirst().weight());
        assertEquals(RateLimitSpec.Unit.SECOND, route.rateLimit().orElseThrow().unit());
        assertEquals(Optional.empty(), route.rules().getFirst().match());
    }

    @Test
    void translate_serverDefaults_appliesCrdDefaults() {
        ModelServer server = onlyServer(SERVER_HEAD + "  workloadPort: {port: 8000}\n");
        assertEquals("http", server.workloadPort().protocol());
        assertEquals(TrafficPolicy.DEFAULT, server.trafficPolicy());
        assertEquals(Optional.empty(), server.kvConnector());
        assertEquals(Optional.empty(), server.model());
    }

    @Test
    void translate_retryWithoutInterval_uses100ms() {
        ModelServer server = onlyServer(SERVER_HEAD + "  workloadPort: {port: 8000}\n"
                + "  trafficPolicy: {timeout: 1m30s, retry: {attempts: 3}}\n");
        assertEquals(new TrafficPolicy(Optional.of(Duration.ofSeconds(90)), new RetryPolicy(3, Duration.ofMillis(100))),
                server.trafficPolicy());
    }

    @Test
    void translate_kvConnectorWithoutType_usesHttp() {
        ModelServer server = onlyServer(SERVER_HEAD + "  workloadPort: {port: 8000}\n  kvConnector: {}\n");
        assertEquals(Optional.of(KvConnectorType.HTTP), server.kvConnector());
    }

    @Test
    void translate_fullServer_keepsEveryField() {
        ModelServer server = onlyServer(API + """
                kind: ModelServer
                metadata: {name: s}
                spec:
                  model: deepseek-ai/DeepSeek-R1-Distill-Qwen-7B
                  inferenceEngine: TGI
                  workloadSelector:
                    matchLabels: {app: s}
                    pdGroup: {groupKey: g, prefillLabels: {role: prefill}, decodeLabels: {role: decode}}
                  workloadPort: {port: 8443, protocol: https}
                  trafficPolicy: {timeout: 30s, retry: {attempts: 0, retryInterval: 1s}}
                  kvConnector: {type: mooncake}
                """);
        assertEquals("TGI", server.engine().crdName());
        assertEquals("g", server.selector().pdGroup().orElseThrow().groupKey());
        assertEquals(Map.of("role", "decode"), server.selector().pdGroup().orElseThrow().decodeLabels());
        assertEquals(8443, server.workloadPort().port());
        assertEquals("https", server.workloadPort().protocol());
        assertEquals(new RetryPolicy(0, Duration.ofSeconds(1)), server.trafficPolicy().retry());
        assertEquals(Optional.of(KvConnectorType.MOONCAKE), server.kvConnector());
    }

    static Stream<Arguments> staticEndpoints() {
        return Stream.of(
                Arguments.of("10.0.0.5:8000", "10.0.0.5", OptionalInt.of(8000)),
                Arguments.of("gpu-1.lab", "gpu-1.lab", OptionalInt.empty()),
                Arguments.of("[::1]:8000", "::1", OptionalInt.of(8000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("staticEndpoints")
    void translate_staticEndpointAddress_splitsHostAndPort(String address, String host, OptionalInt port) {
        Pod pod = translate(TestManifests.endpoint("e", "s", address)).resources().pods().getFirst();
        assertEquals(host, pod.address());
        assertEquals(port, pod.port());
        assertTrue(pod.ready());
    }

    @Test
    void translate_endpointNotReady_isKeptOutOfRotation() {
        Pod pod = translate(API + "kind: StaticEndpoint\nmetadata: {name: e, labels: {app: s}}\n"
                + "spec: {address: 10.0.0.5, ready: false}\n").resources().pods().getFirst();
        assertFalse(pod.ready());
    }

    @Test
    void translate_creationTimestamps_orderOldestFirst() {
        String older = API + "kind: ModelRoute\nmetadata: {name: b, creationTimestamp: \"2025-01-01T00:00:00Z\"}\n"
                + "spec: {modelName: m, rules: [{targetModels: [{modelServerName: s}]}]}\n";
        String newer = API + "kind: ModelRoute\nmetadata: {name: a, creationTimestamp: 2025-06-01T00:00:00Z}\n"
                + "spec: {modelName: m, rules: [{targetModels: [{modelServerName: s}]}]}\n";
        List<ModelRoute> routes = translate(newer + "---\n" + older).resources().routes();
        assertEquals(Instant.parse("2025-06-01T00:00:00Z"), routes.get(0).meta().creationTimestamp());
        assertEquals(List.of("b", "a"), sortedNames(routes));
    }

    @Test
    void translate_noTimestamps_ordersByPositionInFiles() {
        // 12 documents: "10" must sort after "9", so versions compare as numbers, not text.
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            yaml.append(TestManifests.route("r" + (20 - i), "s")).append("---\n");
        }
        List<ModelRoute> routes = translate(yaml.toString()).resources().routes();
        assertEquals(routes.stream().map(r -> r.id().name()).toList(), sortedNames(routes));
    }

    private static List<String> sortedNames(List<ModelRoute> routes) {
        return routes.stream().map(ModelRoute::meta).sorted(ObjectMeta.OLDEST_FIRST).map(ObjectMeta::name).toList();
    }

    static Stream<Arguments> typeErrors() {
        String route = API + "kind: ModelRoute\nmetadata: {name: r}\nspec:\n  modelName: m\n  rules:\n  - targetModels:\n";
        String port = "  workloadPort: {port: 8000}\n";
        return Stream.of(
                // line 8 of the route text is the target line
                Arguments.of(route + "    - {modelServerName: s, weight: \"70\"}\n", "spec.rules[0].targetModels[0].weight",
                        "line 8:", "remove the quotes"),
                Arguments.of(route + "    - {modelServerName: s, weight: heavy}\n", "spec.rules[0].targetModels[0].weight",
                        "line 8:", "expected a whole number, got 'heavy'"),
                Arguments.of(route + "    - {modelServerName: s, weight: 4294967296}\n",
                        "spec.rules[0].targetModels[0].weight", "line 8:", "out of range"),
                Arguments.of(route + "    - {modelServerName: [a, b]}\n", "spec.rules[0].targetModels[0].modelServerName",
                        "line 8:", "expected a text value, got a list"),
                Arguments.of(route + "    -\n", "spec.rules[0].targetModels[0]", "line 8:",
                        "fill in the entry or remove"),
                Arguments.of(route.replace("  rules:\n  - targetModels:\n", "  rules: {name: x}\n"), "spec.rules",
                        "line 6:", "expected a list"),
                Arguments.of(route + "    - {modelServerName: s}\n  rateLimit: {inputTokensPerUnit: 5, unit: week}\n",
                        "spec.rateLimit.unit", "line 9:", "use one of second, minute, hour, day, month"),
                Arguments.of(route + "    - {modelServerName: s}\n  rateLimit: {inputTokensPerUnit: 5, global: {}}\n",
                        "spec.rateLimit.global.redis.address", "line 9:", "is required"),
                Arguments.of(SERVER_HEAD.replace("  inferenceEngine: vLLM\n", "") + port, "spec.inferenceEngine",
                        "line 5:", "is required; use one of vLLM, SGLang, TGI"),
                Arguments.of(SERVER_HEAD.replace("vLLM", "vllm") + port, "spec.inferenceEngine", "line 5:",
                        "did you mean 'vLLM'"),
                Arguments.of(SERVER_HEAD, "spec.workloadPort.port", "line 5:", "is required"),
                Arguments.of(SERVER_HEAD + "  workloadPort: {port: http}\n", "spec.workloadPort.port", "line 7:",
                        "whole number"),
                Arguments.of(SERVER_HEAD + port + "  trafficPolicy: {timeout: 30}\n", "spec.trafficPolicy.timeout",
                        "line 8:", "add a unit, e.g. 30s"),
                Arguments.of(SERVER_HEAD + port + "  trafficPolicy: {timeout: 30 seconds}\n",
                        "spec.trafficPolicy.timeout", "line 8:", "is not a duration"),
                Arguments.of(SERVER_HEAD + port + "  trafficPolicy: {retry: {attempts: -1}}\n",
                        "spec.trafficPolicy.retry.attempts", "line 8:", "use 0 or more"),
                Arguments.of(SERVER_HEAD + port + "  kvConnector: {type: rdma}\n", "spec.kvConnector.type",
                        "line 8:", "use one of http, lmcache, nixl, mooncake"),
                Arguments.of(SERVER_HEAD.replace("{app: s}", "[app]") + port, "spec.workloadSelector.matchLabels",
                        "line 6:", "expected an object"),
                Arguments.of(API + "kind: ModelServer\nmetadata: {namespace: x}\nspec: {}\n", "metadata.name",
                        "line 3:", "is required"),
                Arguments.of(API + "kind: ModelServer\nmetadata: {name: My_Server}\nspec: {}\n", "metadata.name",
                        "line 3:", "not a valid Kubernetes name"),
                Arguments.of(API + "kind: ModelServer\nmetadata: {name: s}\n", "spec", "line 1:", "is missing"),
                Arguments.of(API + "kind: ModelServer\nmetadata: {name: s, creationTimestamp: yesterday}\nspec: {}\n",
                        "metadata.creationTimestamp", "line 3:", "RFC 3339"),
                Arguments.of(API + "kind: StaticEndpoint\nmetadata: {name: e}\nspec: {}\n", "spec.address",
                        "line 4:", "is required"),
                Arguments.of(API + "kind: StaticEndpoint\nmetadata: {name: e}\nspec: {address: \"http://h:80\"}\n",
                        "spec.address", "line 4:", "without scheme"),
                Arguments.of(API + "kind: StaticEndpoint\nmetadata: {name: e}\nspec: {address: h, ready: maybe}\n",
                        "spec.ready", "line 4:", "expected true or false"),
                Arguments.of(SERVER_HEAD + port + "  model: a\n  model: b\n", "spec.model", "line 9:", "set twice"));
    }

    @ParameterizedTest(name = "{1} {3}")
    @MethodSource("typeErrors")
    void translate_badValue_reportsFileLineFieldAndFix(String yaml, String field, String where, String fix) {
        CrdTranslator.Result result = translate(yaml);
        assertProblem(result.problems(), true, field, where, fix);
    }

    @Test
    void translate_unknownField_warnsWithSuggestion() {
        String yaml = API + "kind: ModelRoute\nmetadata: {name: r}\nspec:\n  modelName: m\n  rules:\n"
                + "  - targetModels:\n    - {modelServerName: s, wieght: 70}\n";
        CrdTranslator.Result result = translate(yaml);
        assertProblem(result.problems(), false, "spec.rules[0].targetModels[0].wieght", "line 8:",
                "is ignored", "did you mean 'weight'?");
        assertEquals(100, result.resources().routes().getFirst().rules().getFirst().targets().getFirst().weight());
    }

    @Test
    void translate_problem_namesTheDocument() {
        CrdTranslator.Result result = translate(SERVER_HEAD.replace("name: s", "name: s, namespace: prod"));
        assertEquals("ModelServer prod/s", result.problems().getFirst().document());
    }

    @Test
    void translate_kubectlGetOutput_acceptsServerSideMetadataSilently() {
        String yaml = API + """
                kind: ModelServer
                metadata:
                  name: s
                  uid: 5f1c
                  generation: 2
                  resourceVersion: "12345"
                  creationTimestamp: "2025-01-01T00:00:00Z"
                  annotations: {kubectl.kubernetes.io/last-applied-configuration: "{}"}
                  managedFields: []
                spec:
                  inferenceEngine: SGLang
                  workloadSelector: {matchLabels: {app: s}}
                  workloadPort: {port: 30000}
                status: {}
                """;
        CrdTranslator.Result result = translate(yaml);
        assertEquals(List.of(), result.problems());
        assertEquals("12345", result.resources().servers().getFirst().meta().resourceVersion());
        assertTrue(result.resources().servers().stream().map(s -> s.meta()).max(Comparator.comparing(
                ObjectMeta::creationTimestamp)).isPresent());
    }
}
