package io.llmrouter.adapters.k8s.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.route.HeaderLookup;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.route.RateLimitSpec;
import io.llmrouter.domain.route.RouteRequest;
import io.llmrouter.domain.route.RouteResult;
import io.llmrouter.domain.route.RouteTable;
import io.llmrouter.domain.route.StringMatch;
import io.llmrouter.domain.route.TargetModel;
import io.llmrouter.domain.server.KvConnectorType;
import io.llmrouter.domain.server.ModelServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Kthena examples of the reference (§b), as shipped in deploy/examples, load and mean what they say. */
class KthenaExamplesTest {

    private static LoadedManifest load(String file) {
        ManifestFiles.Snapshot snapshot = ManifestFiles.read(List.of(TestManifests.examplesDir().resolve(file)));
        assertEquals(List.of(), snapshot.problems());
        LoadedManifest loaded = ManifestLoader.load(snapshot.sources());
        // Clean but for the warnings that say what this router does not apply yet.
        assertEquals(List.of(), loaded.problems().stream().filter(p -> p.isError()
                || !p.message().contains("not applied") && !p.message().contains("not enforced")).toList(),
                () -> file + " should load cleanly");
        return loaded;
    }

    static Stream<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(TestManifests.examplesDir())) {
            return files.filter(f -> f.getFileName().toString().startsWith("standalone-")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleFiles")
    void validate_shippedExample_exitsZero(Path file) {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int status = ValidateCommand.run(List.of(file), new java.io.PrintStream(out), new java.io.PrintStream(err));
        assertEquals(0, status, err::toString);
        assertTrue(out.toString().contains("OK: "), out::toString);
    }

    @Test
    void validate_allExamplesTogether_haveNoClashes() throws IOException {
        // Only the standalone-*.yaml manifests: the directory also holds router configuration files.
        LoadedManifest all = ManifestLoader.load(ManifestFiles.read(exampleFiles().toList()).sources());
        // Only the warnings that say what this router does not apply yet (NotYetApplied).
        assertEquals(List.of(),
                all.problems().stream().map(p -> (p.isError() ? "error " : "") + p.document().replaceAll(" \\(.*\\)$", "")
                        + " " + p.field()).toList());
    }

    @Test
    void multiModels_premiumHeader_goesTo7bAndEveryoneElseTo1_5b() {
        ResourceSet set = load("standalone-multi-models.yaml").resources();
        ModelRoute route = set.routes().getFirst();
        assertEquals("deepseek-multi-models", route.id().name());
        assertEquals("deepseek-multi-models", route.modelName());
        assertEquals(Map.of("user-type", StringMatch.exact("premium")),
                route.rules().get(0).match().orElseThrow().headers());
        assertEquals(List.of(TargetModel.server("deepseek-r1-7b")), route.rules().get(0).targets());
        assertEquals(List.of(TargetModel.server("deepseek-r1-1-5b")), route.rules().get(1).targets());
        assertEquals(Optional.of("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"), server(set, "deepseek-r1-7b").model());
        assertEquals(Optional.of("deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B"), server(set, "deepseek-r1-1-5b").model());
        assertEquals("deepseek-r1-7b", target(set, "deepseek-multi-models", Map.of("user-type", "premium")));
        assertEquals("deepseek-r1-1-5b", target(set, "deepseek-multi-models", Map.of("user-type", "free")));
        assertEquals("deepseek-r1-1-5b", target(set, "deepseek-multi-models", Map.of()));
    }

    @Test
    void multiModels_hostWithoutPort_usesWorkloadPort() {
        ResourceSet set = load("standalone-multi-models.yaml").resources();
        Pod hostOnly = set.pods().stream().filter(p -> p.id().name().equals("gpu-node-3")).findFirst().orElseThrow();
        assertEquals(OptionalInt.empty(), hostOnly.port());
        assertEquals(8000, hostOnly.portOr(server(set, "deepseek-r1-1-5b").workloadPort().port()));
    }

    @Test
    void lora_adapterNames_matchAsLora() {
        ResourceSet set = load("standalone-lora.yaml").resources();
        assertEquals(List.of("lora-A", "lora-B"), set.routes().getFirst().loraAdapters());
        RouteResult result = RouteTable.of(set.routes()).match(request("lora-B", Map.of()), new SplittableRandom(1));
        assertTrue(assertInstanceOf(RouteResult.Matched.class, result).lora());
    }

    @Test
    void subset_weights_split70To30() {
        ResourceSet set = load("standalone-subset.yaml").resources();
        assertEquals(List.of(TargetModel.server("deepseek-r1-v1", 70), TargetModel.server("deepseek-r1-v2", 30)),
                set.routes().getFirst().rules().getFirst().targets());
    }

    @Test
    void pd_groupAndRoles_areRead() {
        ResourceSet set = load("standalone-pd.yaml").resources();
        ModelServer pd = server(set, "deepseek-r1-pd");
        assertEquals("modelserving.volcano.sh/group-name", pd.selector().pdGroup().orElseThrow().groupKey());
        assertEquals(Map.of("modelserving.volcano.sh/role", "prefill"), pd.selector().pdGroup().orElseThrow().prefillLabels());
        assertEquals(Optional.of(KvConnectorType.NIXL), pd.kvConnector());
        assertEquals(4, set.pods().size());
        assertEquals("fd00::21", set.pods().get(2).address());
        assertTrue(set.pods().stream().allMatch(p -> pd.selector().selects(p.meta().labels())));
    }

    @Test
    void rateLimit_localAndGlobal_areRead() {
        ResourceSet set = load("standalone-rate-limit.yaml").resources();
        assertEquals(new RateLimitSpec(OptionalInt.of(30), OptionalInt.of(100), RateLimitSpec.Unit.MINUTE,
                Optional.empty()), set.routes().get(0).rateLimit().orElseThrow());
        assertEquals(Optional.of("redis-server:6379"), set.routes().get(1).rateLimit().orElseThrow().globalRedisAddress());
        assertEquals("TGI", set.servers().getFirst().engine().crdName());
    }

    @Test
    void rateLimit_brokenCopy_reportsEveryError() {
        String broken = """
                apiVersion: networking.serving.volcano.sh/v1alpha1
                kind: ModelRoute
                metadata: {name: limited}
                spec:
                  modelName: m
                  rules: [{targetModels: [{modelServerName: s, weight: 0}]}]
                  rateLimit: {inputTokensPerUnit: 0, global: {redis: {address: "redis"}}}
                """;
        LoadedManifest loaded = TestManifests.load(broken);
        assertFalse(loaded.resources().routes().isEmpty());
        List<String> fields = loaded.errors().stream().map(p -> p.field()).toList();
        assertEquals(List.of("spec.rules[0].targetModels", "spec.rateLimit.inputTokensPerUnit",
                "spec.rateLimit.global.redis.address"), fields);
    }

    private static ModelServer server(ResourceSet set, String name) {
        return set.servers().stream().filter(s -> s.id().name().equals(name)).findFirst().orElseThrow();
    }

    private static String target(ResourceSet set, String model, Map<String, String> headers) {
        RouteResult result = RouteTable.of(set.routes()).match(request(model, headers), new SplittableRandom(7));
        return assertInstanceOf(RouteResult.Matched.class, result).target().modelServerName().orElseThrow();
    }

    private static RouteRequest request(String model, Map<String, String> headers) {
        return new RouteRequest(model, HeaderLookup.of(headers), "/v1/chat/completions");
    }
}
